// Live class: the room follows the presenter over a WebSocket and answers "where?" polls by
// tapping the body. The server holds the truth: on every (re)connect this page fetches the
// whole current state over HTTP, and when no socket can be opened (no Redis, a proxy without
// WebSockets) it keeps fetching it every few seconds. Without JavaScript, reloading the page
// shows the current state and the forms still work.
(function () {
  "use strict";

  const root = document.querySelector("[data-class-role]");
  if (!root || !window.htmx) return;
  const presenting = root.dataset.classRole === "presenter";
  const stateUrl = root.dataset.stateUrl;
  const status = document.getElementById("class-connection");
  const followLink = document.querySelector('[data-action="follow"]');
  let following = true;
  let ended = false;
  let retries = 0;

  // The address stays the class's own: a swapped-in place must not become the page's URL.
  htmx.config.historyEnabled = false;

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // Put each top-level element of `html` in place of the page's element with the same id.
  // The presenter's own view, and a student's who is looking around, are left alone.
  function apply(html, withView) {
    // A box sent to the whole room knows nobody's answer: keep what this student has chosen.
    const before = document.querySelector("form[data-vote-form]");
    const kept = before && {
      action: before.getAttribute("action"),
      places: Array.from(before.querySelectorAll('input[name="place"]:checked')).map(function (box) { return box.value; }),
    };
    const template = document.createElement("template");
    template.innerHTML = html;
    Array.from(template.content.children).forEach(function (element) {
      if (element.tagName === "TITLE") {
        if (withView) document.title = element.textContent;
        return;
      }
      const isView = element.id === "details" || element.id === "overlay";
      if (!element.id || (isView && !withView) || !document.getElementById(element.id)) return;
      element.removeAttribute("hx-swap-oob");
      htmx.swap("#" + element.id, element.outerHTML, { swapStyle: "outerHTML" });
    });
    const after = document.querySelector("form[data-vote-form]");
    if (kept && after && after !== before && after.getAttribute("action") === kept.action) {
      after.querySelectorAll('input[name="place"]').forEach(function (box) {
        box.checked = kept.places.indexOf(box.value) !== -1;
      });
    }
    refresh();
  }

  function fetchState() {
    return fetch(stateUrl, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        // The class ended or vanished while we were away: the page itself says so.
        if (response.status === 404 || response.status === 410) window.location.reload();
        if (!response.ok) throw new Error("state " + response.status);
        return response.text();
      })
      .then(function (html) { apply(html, following && !presenting); });
  }

  // --- The socket -------------------------------------------------------------------------
  let fallback = null;
  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + window.location.host + root.dataset.socketPath);
    socket.addEventListener("open", function () {
      retries = 0;
      clearInterval(fallback);
      fallback = null;
      say(presenting ? "Live: the room sees what you select." : following ? "Live: your screen follows the lecturer." : "Looking around on your own.");
      fetchState().catch(function () {});
    });
    socket.addEventListener("message", function (event) {
      const message = JSON.parse(event.data);
      window.bodymapLastMessage = { kind: message.kind, sent: message.sent, received: Date.now() / 1000 };
      if (message.kind === "view") {
        if (following && !presenting) apply(message.html, true);
      } else if (message.kind === "live") {
        apply(message.html, false);
      } else if (message.kind === "ended") {
        ended = true;
        apply(message.html, false);
        say("The class has ended.");
        socket.close();
      }
    });
    socket.addEventListener("close", function () {
      if (ended) return;
      say("Connection lost: reconnecting…");
      // Until a socket opens again, fetch the state now and then, so nothing is missed.
      fetchState().catch(function () {});
      if (!fallback) fallback = setInterval(function () { fetchState().catch(function () {}); }, 5000);
      retries += 1;
      setTimeout(connect, Math.min(15000, 250 * Math.pow(2, retries)));
    });
    window.bodymapSocket = socket; // the browser tests close it to test reconnecting
  }

  // --- Students: following, looking around, answering ---------------------------------------
  function setFollowing(on) {
    following = on;
    if (followLink) followLink.hidden = on;
    say(on ? "Live: your screen follows the lecturer." : "Looking around on your own.");
  }

  if (!presenting) {
    // A request into the panel that this script did not make is the student looking around.
    document.addEventListener("htmx:beforeRequest", function (event) {
      const target = event.detail.target;
      if (target && target.id === "details" && following) setFollowing(false);
    });
    if (followLink) {
      followLink.addEventListener("click", function (event) {
        event.preventDefault();
        setFollowing(true);
        fetchState().catch(function () { window.location.assign(followLink.href); });
      });
    }
    // While a poll is open, tapping the body chooses places instead of opening them.
    document.addEventListener("click", function (event) {
      const region = event.target.closest && event.target.closest("svg.body-map a.region");
      const form = document.querySelector("form[data-vote-form]");
      if (!region || !form) return;
      event.preventDefault();
      event.stopPropagation(); // before htmx's own listener on the region opens it
      const box = form.querySelector('input[name="place"][value="' + CSS.escape(region.getAttribute("data-region")) + '"]');
      if (box) box.checked = !box.checked;
      refresh();
    }, true);
    document.addEventListener("change", function (event) {
      if (event.target.closest && event.target.closest("form[data-vote-form]")) refresh();
    });
  }

  // --- Presenter: what they select is shown to the room ---------------------------------------
  if (presenting) {
    document.addEventListener("htmx:afterRequest", function (event) {
      const detail = event.detail;
      if (!detail.successful || !detail.target || detail.target.id !== "details") return;
      const path = detail.pathInfo.finalRequestPath || detail.pathInfo.requestPath;
      fetch(root.dataset.showUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
        body: new URLSearchParams({ path: path }),
      })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (html) apply(html, false); });
    });
  }

  // --- Drawing the poll on the diagram --------------------------------------------------------
  function refresh() {
    const regions = document.querySelectorAll("svg.body-map a.region");
    // The student's chosen places.
    const form = document.querySelector("form[data-vote-form]");
    const chosen = new Set();
    if (form) {
      const labels = [];
      form.querySelectorAll('input[name="place"]:checked').forEach(function (box) {
        chosen.add(box.value);
        labels.push(box.parentElement.textContent.trim());
      });
      const text = form.querySelector("[data-chosen]");
      if (text) text.textContent = labels.length ? "Chosen: " + labels.join("; ") : "Nothing chosen yet.";
    }
    // The room's answers as a heat map, with each place's count in data-votes.
    const results = document.getElementById("class-results");
    const shown = !!(results && results.hasAttribute("data-shown"));
    const rows = new Map();
    if (shown) results.querySelectorAll("[data-place]").forEach(function (row) { rows.set(row.dataset.place, row); });
    regions.forEach(function (region) {
      const place = region.getAttribute("data-region");
      region.classList.toggle("is-chosen", chosen.has(place));
      const row = rows.get(place);
      if (!shown) {
        region.removeAttribute("data-votes");
        region.removeAttribute("data-heat");
        region.removeAttribute("data-answer");
        return;
      }
      region.setAttribute("data-votes", row ? row.dataset.votes : "0");
      region.setAttribute("data-heat", row ? row.dataset.heat : "0");
      if (row && row.dataset.answer) region.setAttribute("data-answer", row.dataset.answer);
      else region.removeAttribute("data-answer");
    });
    document.body.classList.toggle("has-heat", shown);
    document.body.classList.toggle("is-voting", !!form);
  }

  document.addEventListener("htmx:afterSettle", refresh);
  refresh();
  say("Connecting…");
  connect();
})();
