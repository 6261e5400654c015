// Body Map search box: a combobox over the suggestions htmx fetches as the reader types.
// ArrowDown/ArrowUp walk the suggestions, Enter chooses one (its link swaps the panel, like a
// click on the map), Escape closes them. Without JavaScript the form opens the results page.
// Listeners sit on the document, so they survive htmx swapping the page's body.
(function () {
  "use strict";

  function input() {
    return document.getElementById("search-input");
  }

  function options() {
    return Array.from(document.querySelectorAll("#search-listbox [role='option']"));
  }

  function announce(text) {
    const status = document.getElementById("search-status");
    if (status) status.textContent = text;
  }

  function setActive(option) {
    const box = input();
    options().forEach(function (each) {
      const active = each === option;
      each.classList.toggle("is-active", active);
      each.setAttribute("aria-selected", active ? "true" : "false");
    });
    if (option) {
      box.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    const suggestions = document.getElementById("search-suggestions");
    if (suggestions) suggestions.replaceChildren();
    const box = input();
    if (!box) return;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function opened() {
    const box = input();
    const count = options().length;
    box.setAttribute("aria-expanded", count ? "true" : "false");
    box.removeAttribute("aria-activedescendant");
    if (count) {
      announce(count + (count === 1 ? " suggestion" : " suggestions") +
        ". Use the up and down arrow keys to choose, then Enter.");
    } else {
      const none = document.querySelector("#search-suggestions .search-none");
      announce(none ? none.textContent : "");
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!event.target || event.target.id !== "search-input") return;
    const list = options();
    const current = list.findIndex(function (o) {
      return o.getAttribute("aria-selected") === "true";
    });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!list.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = current < 0 ? (step > 0 ? 0 : list.length - 1)
        : (current + step + list.length) % list.length;
      setActive(list[next]);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault(); // choose the suggestion instead of submitting the form
      list[current].click();
    } else if (event.key === "Escape" && list.length) {
      event.preventDefault();
      close();
    }
  });

  // Hovering a suggestion makes it the active one, so mouse and keyboard never disagree.
  document.addEventListener("mousemove", function (event) {
    const option = event.target.closest && event.target.closest("#search-listbox [role='option']");
    if (option && option.getAttribute("aria-selected") !== "true") setActive(option);
  });

  // A click anywhere else closes the suggestions.
  document.addEventListener("click", function (event) {
    if (event.target.closest && !event.target.closest(".search")) close();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail && event.detail.target;
    if (target && target.id === "search-suggestions") opened();
  });

  // Pressing Search opens the results page. On a phone the results sit under the diagram,
  // thousands of pixels down: bring them into view with focus on their heading, as a tap on
  // the map does; beside the diagram, focus alone tells a screen reader they are there.
  document.addEventListener("DOMContentLoaded", function () {
    const heading = document.querySelector("#details[data-results] #details-heading");
    if (!heading) return;
    const panelBelow = window.matchMedia("(max-width: 900px)").matches;
    heading.focus({ preventScroll: !panelBelow });
    if (panelBelow) heading.scrollIntoView({ block: "start" });
  });

  // Once a suggestion (or anything else) has filled the panel, the suggestions are done.
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail && event.detail.target;
    if (target && target.id === "details") close();
  });
})();
