// Body Map: progressive enhancement on top of htmx. Every feature here has a no-JavaScript
// equivalent (real links and GET forms); this file only makes them quicker and clearer.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // Mirror the answer (the details panel's data attributes) onto the diagram's regions, so the
  // base drawing, which is cached and shared by every page, shows the current selection.
  function applySelection() {
    const details = document.getElementById("details");
    if (!details) return;
    const selected = new Set((details.dataset.selected || "").split(" ").filter(Boolean));
    const connected = new Set((details.dataset.connected || "").split(" ").filter(Boolean));
    document.querySelectorAll("svg.body-map a.region").forEach(function (link) {
      const place = link.getAttribute("data-region");
      link.classList.toggle("is-selected", selected.has(place));
      link.classList.toggle("is-connected", connected.has(place));
      if (selected.has(place)) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  // After a person chooses a region, move focus to the answer's heading, so a screen reader
  // reads it and a phone user (panel below the diagram) sees it.
  function focusAnswer(event) {
    const target = event.detail && event.detail.target;
    if (!target || target.id !== "details") return;
    const heading = document.getElementById("details-heading");
    if (!heading) return;
    const panelBelow = window.matchMedia("(max-width: 900px)").matches;
    const fromFilters = event.detail.requestConfig && event.detail.requestConfig.elt &&
      event.detail.requestConfig.elt.closest && event.detail.requestConfig.elt.closest("form.filters");
    if (fromFilters) return; // keep focus on the control being used
    heading.focus({ preventScroll: !panelBelow });
    if (panelBelow) heading.scrollIntoView({ block: "start" });
  }

  // A label that follows hover and keyboard focus on the diagram.
  function setUpTooltip() {
    const diagram = document.querySelector(".diagram");
    if (!diagram || diagram.querySelector(".region-tip")) return;
    const tip = document.createElement("div");
    tip.className = "region-tip";
    tip.setAttribute("aria-hidden", "true");
    tip.hidden = true;
    diagram.appendChild(tip);

    function show(event) {
      const link = event.target.closest && event.target.closest("a.region");
      if (!link) return;
      const box = link.getBoundingClientRect();
      const frame = diagram.getBoundingClientRect();
      tip.textContent = link.getAttribute("aria-label");
      tip.style.left = box.left - frame.left + diagram.scrollLeft + box.width / 2 + "px";
      tip.style.top = box.top - frame.top + "px";
      tip.hidden = false;
    }
    function hide(event) {
      if (event.target.closest && event.target.closest("a.region")) tip.hidden = true;
    }
    diagram.addEventListener("mouseover", show);
    diagram.addEventListener("focusin", show);
    diagram.addEventListener("mouseout", hide);
    diagram.addEventListener("focusout", hide);
  }

  function init() {
    applySelection();
    setUpTooltip();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", function (event) {
    applySelection();
    focusAnswer(event);
  });
  document.addEventListener("htmx:historyRestore", init);
})();
