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
    heading.focus({ preventScroll: true });
    // Below the diagram (a phone), the answer from its top. Beside it, a pointer stays where
    // it is, by the figure; a keyboard (a click of detail 0) follows its focus, only as far
    // as brings the heading into view (at 1366x768 it can sit above the window).
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    const fromKeyboard = trigger && trigger.type === "click" && trigger.detail === 0;
    const box = heading.getBoundingClientRect();
    if (panelBelow) heading.scrollIntoView({ block: "start" });
    else if (fromKeyboard && (box.top < 0 || box.bottom > window.innerHeight)) heading.scrollIntoView({ block: "nearest" });
  }

  // A place's name and side ("Knee, right"): its label, without the connections a screen
  // reader hears after them ("Knee, right: 5 connections", drawing.py).
  function placeName(link) {
    return link.getAttribute("aria-label").split(": ")[0];
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
      tip.textContent = placeName(link);
      tip.hidden = false;
      // Kept inside the drawing: a tip past its edge would widen what a phone scrolls, and
      // shift the figure under the finger when it goes.
      const half = tip.offsetWidth / 2;
      const middle = box.left - frame.left + diagram.scrollLeft + box.width / 2;
      const width = diagram.querySelector("svg.body-map").getBoundingClientRect().width;
      tip.style.left = Math.min(Math.max(middle, half), width - half) + "px";
      tip.style.top = box.top - frame.top + "px";
    }
    function hide(event) {
      if (event.target.closest && event.target.closest("a.region")) tip.hidden = true;
    }
    diagram.addEventListener("mouseover", show);
    diagram.addEventListener("focusin", show);
    diagram.addEventListener("mouseout", hide);
    diagram.addEventListener("focusout", hide);
  }

  // Phones show one view at a time, swiped sideways: the Front/Back switch scrolls to a view
  // and follows the swipe, and the swipe hint goes once the reader has swiped.
  function setUpViewSwitch() {
    const diagram = document.querySelector(".diagram");
    const bar = document.querySelector(".view-switch");
    if (!diagram || !bar || bar.dataset.ready) return;
    bar.dataset.ready = "true";
    bar.addEventListener("click", function (event) {
      const button = event.target.closest && event.target.closest("[data-show-view]");
      if (!button) return;
      const back = button.getAttribute("data-show-view") === "back";
      diagram.scrollTo({ left: back ? diagram.scrollWidth : 0 });
    });
    diagram.addEventListener("scroll", function () {
      const back = diagram.scrollLeft > (diagram.scrollWidth - diagram.clientWidth) / 2;
      bar.querySelectorAll("[data-show-view]").forEach(function (button) {
        const on = (button.getAttribute("data-show-view") === "back") === back;
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
      if (diagram.scrollLeft > 0) bar.classList.add("has-swiped");
    }, { passive: true });
  }

  // A fingertip covers about 44 CSS px. On a touch screen a place narrower or shorter than
  // that also answers taps just beside it: its box grown to 44 px (and at least MARGIN px)
  // across each such side, over the bigger places around it. A tap that several grown boxes
  // answer goes to the nearest place. A tap inside a small place is always its own, and so is
  // one at a bigger place's centre: no neighbour's grown box takes it. Without JavaScript,
  // or with a mouse, a click chooses exactly the shape under it.
  const TOUCH_TARGET = 44;
  const MARGIN = 8;
  const MIDDLE = 6; // px around a bigger place's centre that stay its own
  let pointerType = "mouse";

  function isSmall(box) {
    return box.width < TOUCH_TARGET || box.height < TOUCH_TARGET;
  }

  function reach(size) {
    return size < TOUCH_TARGET ? Math.max(MARGIN, (TOUCH_TARGET - size) / 2) : 0;
  }

  // The place's centre (data-centre, in the drawing's units) on the screen.
  function centreOf(link) {
    const svg = link.ownerSVGElement;
    const [x, y] = link.getAttribute("data-centre").split(" ").map(Number);
    const point = svg.createSVGPoint();
    point.x = x;
    point.y = y;
    return point.matrixTransform(svg.getScreenCTM());
  }

  // How far (x, y) on the screen is from the place's shape: 0 inside it.
  function distanceToShape(x, y, link) {
    const shape = link.querySelector(".region-shape");
    const toDrawing = shape.getScreenCTM().inverse();
    const point = link.ownerSVGElement.createSVGPoint();
    point.x = x;
    point.y = y;
    if (shape.isPointInFill(point.matrixTransform(toDrawing))) return 0;
    const toScreen = shape.getScreenCTM();
    const length = shape.getTotalLength();
    let nearest = Infinity;
    for (let i = 0; i < 64; i += 1) {
      const onEdge = shape.getPointAtLength((length * i) / 64).matrixTransform(toScreen);
      nearest = Math.min(nearest, Math.hypot(x - onEdge.x, y - onEdge.y));
    }
    return nearest;
  }

  function placeForTap(x, y) {
    let best = null;
    let bestDistance = Infinity;
    document.querySelectorAll("svg.body-map a.region").forEach(function (link) {
      const box = link.getBoundingClientRect();
      if (!isSmall(box)) return;
      const grownX = reach(box.width);
      const grownY = reach(box.height);
      if (x < box.left - grownX || x > box.right + grownX) return;
      if (y < box.top - grownY || y > box.bottom + grownY) return;
      const distance = distanceToShape(x, y, link);
      if (distance < bestDistance) {
        best = link;
        bestDistance = distance;
      }
    });
    return best;
  }

  function atItsCentre(x, y, link) {
    const centre = centreOf(link);
    return Math.hypot(x - centre.x, y - centre.y) <= MIDDLE;
  }

  window.addEventListener("pointerdown", function (event) { pointerType = event.pointerType; }, true);
  // On the window, as the click sinks: before htmx (on the region) and a live class's voting
  // (on the document) see it, so both get the place the tap resolves to.
  window.addEventListener("click", function (event) {
    // (detail 0: a click from the keyboard, which names its place exactly.)
    if (pointerType !== "touch" || !event.isTrusted || event.detail === 0 || !event.target.closest) return;
    if (!event.target.closest("svg.body-map")) return;
    const tapped = event.target.closest("a.region");
    if (tapped && (isSmall(tapped.getBoundingClientRect()) || atItsCentre(event.clientX, event.clientY, tapped))) return;
    const place = placeForTap(event.clientX, event.clientY);
    if (!place || place === tapped) return;
    event.preventDefault();
    event.stopPropagation();
    place.dispatchEvent(new MouseEvent("click", {
      bubbles: true, cancelable: true, view: window, clientX: event.clientX, clientY: event.clientY,
    }));
  }, true);

  // The keyboard: the diagram is one tab stop, on the place chosen (else the head). Up and
  // Down move head to toe, Left and Right switch sides, Home and End go to the ends, a letter
  // to the next place whose name starts with it; Enter opens the place (its link). Each place
  // is one link (its shape in the other view is hidden from the keyboard, see drawing.py).
  function keyPlaces(svg) {
    return Array.from(svg.querySelectorAll("a.region:not([aria-hidden])"));
  }

  function regionOf(link) {
    return link.getAttribute("data-shape");
  }

  // The regions head to toe, each with its places by side.
  function headToToe(svg) {
    const regions = new Map();
    keyPlaces(svg).forEach(function (link) {
      const key = regionOf(link);
      if (!regions.has(key)) regions.set(key, { key: key, order: Number(link.getAttribute("data-order")), sides: {} });
      regions.get(key).sides[link.getAttribute("data-side") || "none"] = link;
    });
    return Array.from(regions.values()).sort(function (a, b) { return a.order - b.order; });
  }

  function setTabStop(svg, link) {
    keyPlaces(svg).forEach(function (place) { place.setAttribute("tabindex", place === link ? "0" : "-1"); });
  }

  let lastSide = "right";

  function placeOn(region, side) {
    return region.sides[side] || region.sides[lastSide] || region.sides.right || region.sides.none || region.sides.left;
  }

  function setUpDiagramKeys() {
    const svg = document.querySelector("svg.body-map");
    if (!svg) return;
    const selected = svg.querySelector("a.region[aria-current]:not([aria-hidden])");
    const first = headToToe(svg)[0];
    if (!first) return;
    setTabStop(svg, selected || placeOn(first, "right"));
    if (svg.dataset.keys) return;
    svg.dataset.keys = "true";
    svg.setAttribute("aria-describedby", "diagram-keys");
    svg.addEventListener("keydown", function (event) {
      const current = event.target.closest && event.target.closest("a.region");
      if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
      const regions = headToToe(svg);
      // (A click may have focused the place's shape in its other view: the same place.)
      const index = regions.findIndex(function (region) { return region.key === regionOf(current); });
      if (index < 0) return;
      const side = current.getAttribute("data-side") || lastSide;
      let next = null;
      if (event.key === "ArrowDown") next = placeOn(regions[Math.min(index + 1, regions.length - 1)], side);
      else if (event.key === "ArrowUp") next = placeOn(regions[Math.max(index - 1, 0)], side);
      else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        const other = side === "left" ? "right" : "left";
        next = regions[index].sides[other] || current;
      } else if (event.key === "Home") next = placeOn(regions[0], side);
      else if (event.key === "End") next = placeOn(regions[regions.length - 1], side);
      // (Presenting, letters are the educator's controls: M, A, Z, P, F.)
      else if (/^[a-z]$/i.test(event.key) && !document.body.classList.contains("present")) {
        const letter = event.key.toLowerCase();
        for (let step = 1; step <= regions.length && !next; step += 1) {
          const region = regions[(index + step) % regions.length];
          const name = placeOn(region, side).getAttribute("aria-label").toLowerCase();
          if (name.charAt(0) === letter) next = placeOn(region, side);
        }
      }
      if (!next) return;
      event.preventDefault(); // nor a lesson's step, nor the page's scroll
      if (next.getAttribute("data-side")) lastSide = next.getAttribute("data-side");
      setTabStop(svg, next);
      next.focus();
    });
  }

  // Picking a connection: a glance line, a row or an arrow names the rows it stands for
  // (data-row / data-rows); the others of the same rows, and the places they reach, light up
  // together. Hover and keyboard focus pick for as long as they last; a tap (or Enter) keeps
  // the pick until the next one, since a phone has no hover.
  let kept = null;

  function rowsOf(element) {
    const names = element.getAttribute("data-rows") || element.getAttribute("data-row") || "";
    return names.split(" ").filter(Boolean);
  }

  function pick(rows) {
    const chosen = new Set(rows || []);
    const places = new Set();
    document.querySelectorAll("#details [data-row]").forEach(function (element) {
      const on = chosen.has(element.getAttribute("data-row"));
      element.classList.toggle("is-picked", on);
      if (on) (element.getAttribute("data-places") || "").split(" ").forEach(function (p) { if (p) places.add(p); });
    });
    let anyArrow = false;
    document.querySelectorAll(".body-overlay .arrow[data-rows]").forEach(function (arrow) {
      const on = rowsOf(arrow).some(function (row) { return chosen.has(row); });
      arrow.classList.toggle("is-picked", on);
      anyArrow = anyArrow || on;
    });
    const diagram = document.querySelector(".diagram");
    if (diagram) diagram.classList.toggle("is-picking", chosen.size > 0 && anyArrow);
    document.querySelectorAll("svg.body-map a.region").forEach(function (region) {
      region.classList.toggle("is-picked", places.has(region.getAttribute("data-region")));
    });
  }

  function pickable(target) {
    if (!target.closest) return null;
    return target.closest(".glance-line, .body-overlay a.arrow, #details li[data-row]");
  }

  function setUpPicking() {
    document.addEventListener("mouseover", function (event) {
      const element = pickable(event.target);
      if (element) pick(rowsOf(element));
    });
    document.addEventListener("mouseout", function (event) {
      const element = pickable(event.target);
      if (element && !(event.relatedTarget && element.contains(event.relatedTarget))) pick(kept);
    });
    document.addEventListener("focusin", function (event) {
      const element = pickable(event.target);
      if (element) pick(rowsOf(element));
    });
    document.addEventListener("focusout", function (event) {
      if (pickable(event.target)) pick(kept);
    });
    document.addEventListener("click", function (event) {
      const element = event.target.closest && event.target.closest(".glance-line, .body-overlay a.arrow");
      if (!element) return;
      // An arrow still leads to its row (its href); a glance line stays where the reader is,
      // so a phone keeps the diagram and the lines in view.
      const rows = rowsOf(element);
      const same = kept && kept.join(" ") === rows.join(" ");
      kept = same ? null : rows;
      pick(kept);
      if (element.classList.contains("glance-line")) event.preventDefault();
    });
    // Presentation mode shows the glance lines; the rest of the answer on demand.
    document.addEventListener("click", function (event) {
      const button = event.target.closest && event.target.closest("[data-answer-more]");
      if (!button) return;
      const more = document.getElementById("answer-more");
      if (!more) return;
      const open = more.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Details on demand: a row's explanations and a warning's reasons are not in the answer (a
  // click stays small); the first time one opens, its own link's page is fetched into it. The
  // link itself is the no-JavaScript way there. ("toggle" does not bubble: listen as it sinks.)
  document.addEventListener("toggle", function (event) {
    const details = event.target;
    if (!details.matches || !details.matches("details.link-more, details.flag-why")) return;
    const link = details.querySelector(".link-more-body > a, .flag-why-body > a");
    if (!details.open || !link || !window.htmx) return;
    window.htmx.ajax("GET", link.getAttribute("href"), { target: link.parentElement, swap: "innerHTML" });
  }, true);

  function init() {
    applySelection();
    setUpTooltip();
    setUpViewSwitch();
    setUpDiagramKeys();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("DOMContentLoaded", setUpPicking);
  document.addEventListener("htmx:afterSettle", function (event) {
    kept = null;
    pick(null);
    applySelection();
    setUpDiagramKeys();
    focusAnswer(event);
  });
  document.addEventListener("htmx:historyRestore", init);
})();

// Teaching: lesson stepping with the keyboard or a presentation clicker (which sends PageUp and
// PageDown), and presentation mode (F for full screen, Esc to leave).
(function () {
  "use strict";

  const STEP_KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next",
    ArrowLeft: "previous", PageUp: "previous",
    Home: "first", End: "last",
  };

  function presenting() {
    return document.body.classList.contains("present");
  }

  function urlWithPresent(on) {
    const url = new URL(window.location.href);
    if (on) url.searchParams.set("present", "1");
    else url.searchParams.delete("present");
    return url.pathname + url.search;
  }

  function isTyping(target) {
    return target.closest && target.closest("input, select, textarea, [contenteditable]");
  }

  // Presentation mode pages the answer: a clicker's Page Down first shows the rest of a step
  // (or of any answer), one panel at a time, and only then moves to the next step; a cue at
  // the panel's foot says there is more. A page keeps one line of the last in view.
  function panel() {
    return presenting() ? document.getElementById("details") : null;
  }

  function markMore() {
    const details = panel();
    if (!details) return;
    let cue = details.querySelector(":scope > .more-below");
    if (!cue) {
      cue = document.createElement("p");
      cue.className = "more-below";
      cue.setAttribute("aria-hidden", "true");
      cue.innerHTML = "More below <kbd>Page Down</kbd>";
      details.appendChild(cue);
    }
    const rest = details.scrollHeight - details.clientHeight - details.scrollTop;
    details.classList.toggle("has-more", rest > 1);
  }

  function pageStep(details) {
    const cue = details.querySelector(":scope > .more-below");
    const line = parseFloat(getComputedStyle(details).fontSize) * 1.6;
    return Math.max(line, details.clientHeight - (cue ? cue.offsetHeight : 0) - line);
  }

  // True when the panel had more to show in that direction (and now shows it).
  function page(direction) {
    const details = panel();
    if (!details) return false;
    const before = details.scrollTop;
    const last = details.scrollHeight - details.clientHeight;
    if (direction > 0 && before >= last - 1) return false;
    if (direction < 0 && before <= 0) return false;
    details.scrollTop = before + direction * pageStep(details);
    markMore();
    return details.scrollTop !== before;
  }

  document.addEventListener("scroll", function (event) {
    if (event.target && event.target.id === "details") markMore();
  }, true);
  document.addEventListener("toggle", function () { markMore(); }, true);
  document.addEventListener("click", function () { window.requestAnimationFrame(markMore); });
  window.addEventListener("resize", markMore);
  document.addEventListener("DOMContentLoaded", markMore);
  document.addEventListener("htmx:afterSettle", markMore);

  // The colours the figure shows now (a mechanism's colour is its own): from the arrows'
  // heads (bm-arrow-<colour>) and the lit places' fills.
  function colourKey(colour) {
    return (colour || "").replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  }
  function colourOf(element) {
    if (element.classList.contains("arrow")) {
      const head = element.querySelector('[marker-end^="url(#bm-arrow-"]:not([marker-end*="halo"])');
      return head ? head.getAttribute("marker-end").slice("url(#bm-arrow-".length, -1) : "";
    }
    const paint = element.querySelector(":scope > g[fill]");
    return paint ? colourKey(paint.getAttribute("fill")) : "";
  }
  function drawn() {
    return Array.from(document.querySelectorAll(".diagram .arrow, .diagram .mark-connected"));
  }

  // A projected legend lists only what the figure shows: every mechanism took a third of it.
  function markLegend() {
    if (!presenting()) return;
    const shown = new Set(drawn().map(colourOf).filter(Boolean));
    document.querySelectorAll(".legend-list li[data-colour]").forEach(function (item) {
      item.classList.toggle("is-absent", shown.size > 0 && !shown.has(colourKey(item.dataset.colour)));
    });
  }
  document.addEventListener("DOMContentLoaded", markLegend);
  document.addEventListener("htmx:afterSettle", markLegend);

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (isTyping(event.target)) return;
    const step = STEP_KEYS[event.key];
    const onControl = event.key === " " && event.target.closest && event.target.closest("a, button, summary");
    if ((step === "next" || step === "previous") && !onControl && page(step === "next" ? 1 : -1)) {
      event.preventDefault();
      return;
    }
    if (step && !onControl) {
      const link = document.querySelector('#details [data-lesson-key="' + step + '"]');
      if (link) {
        event.preventDefault();
        link.click();
        return;
      }
    }
    if (!presenting()) return;
    if (document.querySelector("dialog[open]")) return; // the help overlay has the keys (Esc closes it)
    if (event.key === "Escape" && zoomedTo) {
      event.preventDefault();
      zoom(null);
      return;
    }
    if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () {});
    } else if (event.key === "Escape" && !document.fullscreenElement) {
      window.location.assign(urlWithPresent(false));
    }
  });

  // Educator controls (presentation mode), each on a key and a button, listed by "?": one
  // mechanism at a time (M), arrows hidden (A), zoom to a part (Z, or a double-click), and a
  // pointer (P). They work on classes of the .diagram container and on the drawing as a whole,
  // so they hold whichever SVG draws the arrows, and survive each htmx swap of them.
  const CONTROL_KEYS = { m: "mechanism", a: "arrows", z: "zoom", p: "pointer", "?": "help" };
  let mechanismIndex = -1; // -1: all of them
  let zoomedTo = null; // {x, y, size}: the centre and width of the area shown, or null for all
  let hovered = null;

  function diagram() {
    return document.querySelector(".diagram");
  }
  function pressed(name, on) {
    const button = document.querySelector('[data-present-control="' + name + '"]');
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  // The mechanisms the figure shows now, in the legend's order (their colours are their own).
  function mechanismsDrawn() {
    const shown = new Set(drawn().map(colourOf).filter(Boolean));
    return Array.from(document.querySelectorAll(".legend-list li[data-colour]")).filter(function (item) {
      return shown.has(colourKey(item.dataset.colour));
    });
  }

  function showMechanism() {
    const box = diagram();
    if (!box) return;
    const mechanisms = mechanismsDrawn();
    if (mechanismIndex >= mechanisms.length) mechanismIndex = -1;
    const chosen = mechanismIndex >= 0 ? mechanisms[mechanismIndex] : null;
    const key = chosen ? colourKey(chosen.dataset.colour) : "";
    drawn().forEach(function (element) {
      element.classList.toggle("is-other-mechanism", Boolean(key) && colourOf(element) !== key);
    });
    box.classList.toggle("one-mechanism", Boolean(key));
    document.querySelectorAll(".legend-list li[data-colour]").forEach(function (item) {
      item.classList.toggle("is-dimmed", Boolean(chosen) && item !== chosen);
    });
    const label = document.querySelector("[data-present-mechanism]");
    if (label) label.textContent = chosen ? chosen.textContent.trim() : "all mechanisms";
    pressed("mechanism", Boolean(chosen));
  }

  // Zooming scales the drawing as a whole (a CSS transform of svg.body-map, inside the
  // .diagram that crops it), so its overlay, wherever it is nested, scales with it.
  function applyZoom() {
    const svg = document.querySelector(".diagram svg.body-map");
    const box = diagram();
    if (!svg || !box) return;
    svg.style.transform = "";
    if (zoomedTo) {
      const frame = box.getBoundingClientRect();
      const drawing = svg.getBoundingClientRect();
      const unit = drawing.width / 1000;
      const scale = Math.min(frame.width, frame.height) / (zoomedTo.size * unit);
      const left = drawing.left - frame.left, top = drawing.top - frame.top;
      const x = frame.width / 2 - left - scale * zoomedTo.x * unit;
      const y = frame.height / 2 - top - scale * zoomedTo.y * unit;
      svg.style.transformOrigin = "0 0";
      svg.style.transform = "translate(" + x + "px, " + y + "px) scale(" + scale + ")";
    }
    box.classList.toggle("is-zoomed", Boolean(zoomedTo));
    pressed("zoom", Boolean(zoomedTo));
  }

  // The centre of a part and a square around it wide enough to keep its neighbours in view,
  // in drawing units (the drawing is 1000 by 1000).
  function areaAround(region) {
    const svg = document.querySelector(".diagram svg.body-map");
    if (!svg || !region) return null;
    svg.style.transform = "";
    const rect = region.getBoundingClientRect();
    const drawing = svg.getBoundingClientRect();
    const unit = drawing.width / 1000;
    const width = rect.width / unit, height = rect.height / unit;
    return {
      x: (rect.left + rect.width / 2 - drawing.left) / unit,
      y: (rect.top + rect.height / 2 - drawing.top) / unit,
      size: Math.min(700, Math.max(260, 2.4 * Math.max(width, height))),
    };
  }

  function zoom(region) {
    zoomedTo = region ? areaAround(region) : null;
    applyZoom();
  }

  const CONTROLS = {
    mechanism: function () {
      mechanismIndex = mechanismIndex + 1 >= mechanismsDrawn().length ? -1 : mechanismIndex + 1;
      showMechanism();
    },
    arrows: function () {
      const box = diagram();
      if (box) pressed("arrows", box.classList.toggle("hide-arrows"));
    },
    zoom: function () {
      if (zoomedTo) return zoom(null);
      // The part under the pointer, else the one chosen, else the spine (the lower back).
      zoom(hovered || document.querySelector(".diagram a.region.is-selected") ||
        document.querySelector('.diagram a.region[data-region="lower-back"]'));
    },
    pointer: function () {
      const box = diagram();
      if (box) pressed("pointer", box.classList.toggle("pointing"));
    },
    help: function () {
      const help = document.getElementById("present-help");
      if (help && !help.open) help.showModal();
    },
  };

  // As the key goes down, before the diagram's own keys see it: while presenting, M, A, Z and
  // P are these controls, not a jump to the next place starting with that letter.
  document.addEventListener("keydown", function (event) {
    if (!presenting() || event.altKey || event.ctrlKey || event.metaKey) return;
    if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
    const control = CONTROL_KEYS[event.key.toLowerCase()];
    if (!control) return;
    event.preventDefault();
    event.stopPropagation();
    CONTROLS[control]();
  }, true);

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-present-control]");
    if (button) CONTROLS[button.dataset.presentControl]();
  });
  document.addEventListener("dblclick", function (event) {
    const region = event.target.closest && event.target.closest(".diagram a.region");
    if (!region || !presenting()) return;
    event.preventDefault();
    zoom(region);
  });
  document.addEventListener("mouseover", function (event) {
    const region = event.target.closest && event.target.closest(".diagram a.region");
    if (region) hovered = region;
  });
  document.addEventListener("mouseout", function (event) {
    const region = event.target.closest && event.target.closest(".diagram a.region");
    if (region && hovered === region) hovered = null;
  });
  // A new answer brings new arrows: the controls apply to them as they did to the last.
  document.addEventListener("htmx:afterSettle", function () {
    if (!presenting()) return;
    showMechanism();
    applyZoom();
  });

  // Keep presentation mode through htmx navigation: ask for it, and keep it in pushed URLs.
  document.addEventListener("htmx:configRequest", function (event) {
    const asked = /[?&]present=1(&|$)/.test(event.detail.path);
    if (presenting() && event.detail.verb === "get" && !asked) event.detail.parameters.present = "1";
  });

  // The header is not swapped, so point its toggles at the current address after each swap.
  function refreshToggles() {
    document.querySelectorAll(".present-toggle").forEach(function (a) { a.href = urlWithPresent(true); });
    document.querySelectorAll(".present-exit").forEach(function (a) { a.href = urlWithPresent(false); });
    // "Start a live class" starts from what is shown now.
    document.querySelectorAll("input[data-current-path]").forEach(function (input) { input.value = urlWithPresent(false); });
  }
  document.addEventListener("htmx:pushedIntoHistory", refreshToggles);
  document.addEventListener("htmx:historyRestore", refreshToggles);

  function showPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:afterSettle", showPrintButtons);
})();

// Several places at once. The "Several places" toggle makes a click, a tap or Enter on a place
// (on the diagram or in "Choose by name") add it to the choice or take it out; Shift-, Ctrl- or
// Cmd-click does so at any time, starting from the place already shown. Two places or more show
// what connects them (/pattern/?at=…), one shows that place. The chips under the toggle name the
// places and take them out. Without JavaScript, "Several places hurt?" leads to a form of
// checkboxes that asks the same page.
(function () {
  "use strict";

  let chosen = [];
  let on = false;
  // One answer asked at a time: a place chosen while one is on its way is asked for when it
  // arrives (htmx would queue the request behind it, aimed at the panel that answer replaces).
  let asking = false;
  let askAgain = false;

  function box() { return document.querySelector("[data-several]"); }

  function regionLink(slug) {
    return Array.prototype.find.call(document.querySelectorAll("svg.body-map a.region"), function (a) {
      return a.getAttribute("data-region") === slug;
    });
  }

  function labelOf(slug) {
    const link = regionLink(slug);
    // Its name and side, without the connections a screen reader hears after them.
    return link ? link.getAttribute("aria-label").split(": ")[0] : slug;
  }

  function placeOf(target) {
    if (!target.closest) return null;
    const region = target.closest("svg.body-map a.region");
    if (region) return region.getAttribute("data-region");
    const named = target.closest(".region-index a");
    const match = named && (named.getAttribute("href") || "").match(/^\/regions\/([-\w]+)\/$/);
    return match ? match[1] : null;
  }

  function show() {
    const element = box();
    if (!element) return;
    element.hidden = false;
    element.classList.toggle("is-on", on);
    element.querySelector("[data-several-toggle]").setAttribute("aria-pressed", on ? "true" : "false");
    const list = element.querySelector("[data-several-chips]");
    list.replaceChildren();
    chosen.forEach(function (slug) {
      const item = document.createElement("li");
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = labelOf(slug) + " ";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("data-remove", slug);
      remove.setAttribute("aria-label", "Take out " + labelOf(slug));
      remove.textContent = "×";
      chip.appendChild(remove);
      item.appendChild(chip);
      list.appendChild(item);
    });
    document.querySelectorAll("svg.body-map a.region").forEach(function (region) {
      region.classList.toggle("is-chosen", on && chosen.indexOf(region.getAttribute("data-region")) >= 0);
    });
  }

  function say(words) {
    const status = document.querySelector("[data-several-status]");
    if (status) status.textContent = words;
  }

  function answer() {
    const element = box();
    let url = null;
    if (chosen.length >= 2) {
      url = element.getAttribute("data-pattern-url") + "?" +
        chosen.map(function (slug) { return "at=" + encodeURIComponent(slug); }).join("&");
    } else if (chosen.length === 1) {
      const link = regionLink(chosen[0]);
      url = link && link.getAttribute("href");
    }
    if (!url || !window.htmx) return;
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    window.htmx.ajax("GET", url, { target: "#details", swap: "outerHTML show:none" }).then(function () {
      // Shareable and back-able, as a click on one place is (htmx restores it from the server).
      if (!askAgain) history.pushState({ htmx: true }, "", url);
    }).catch(function () {
      // htmx has said what went wrong (htmx:sendError and the like); the choice stays as it is.
    }).finally(function () {
      asking = false;
      if (askAgain) {
        askAgain = false;
        answer();
      }
    });
  }

  function change(slug) {
    const at = chosen.indexOf(slug);
    if (at >= 0) chosen.splice(at, 1);
    else chosen.push(slug);
    say((at >= 0 ? "Taken out: " : "Added: ") + labelOf(slug) + ". " + chosen.length + " chosen.");
    show();
    answer();
  }

  // The places the answer shown is about: a pattern's, or the one place of a region's answer.
  function shownPlaces() {
    const details = document.getElementById("details");
    if (!details) return [];
    const pattern = (details.getAttribute("data-pattern") || "").split(" ").filter(Boolean);
    if (pattern.length) return pattern;
    const selected = (details.dataset.selected || "").split(" ").filter(Boolean);
    return selected.length === 1 ? selected : [];
  }

  function sync() {
    const details = document.getElementById("details");
    const pattern = details ? (details.getAttribute("data-pattern") || "").split(" ").filter(Boolean) : [];
    // (Not while a newer choice waits to be asked for: this answer is already out of date.)
    if (pattern.length && !askAgain) {
      chosen = pattern;
      on = true;
    }
    show();
  }

  document.addEventListener("click", function (event) {
    if (!box() || !event.target.closest) return;
    const remove = event.target.closest("[data-remove]");
    if (remove) {
      const next = remove.closest("li").nextElementSibling || remove.closest("li").previousElementSibling;
      const nextSlug = next && next.querySelector("[data-remove]").getAttribute("data-remove");
      change(remove.getAttribute("data-remove"));
      const focus = nextSlug && document.querySelector('[data-remove="' + nextSlug + '"]');
      (focus || box().querySelector("[data-several-toggle]")).focus();
      return;
    }
    if (event.target.closest("[data-several-toggle]")) {
      on = !on;
      chosen = on ? shownPlaces() : [];
      say(on ? "Several places: each place you choose is added or taken out." : "One place at a time.");
      show();
      return;
    }
    const adding = on || event.shiftKey || event.ctrlKey || event.metaKey;
    const slug = adding && placeOf(event.target);
    if (!slug) return;
    // Before htmx's own handler on the place (this listens as the click sinks).
    event.preventDefault();
    event.stopPropagation();
    if (!on) {
      on = true;
      chosen = shownPlaces();
    }
    change(slug);
  }, true);

  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("htmx:afterSettle", sync);
  document.addEventListener("htmx:historyRestore", sync);
})();
