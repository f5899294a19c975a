// When a request made by htmx fails, say so where the user is, instead of failing silently.
// The texts come from the page (data-error-* on <body>), so they follow the page's language.
(function () {
  "use strict";
  function announce(event, text) {
    var element = event.detail.elt;
    var place = (element && element.closest("section")) || document.getElementById("main");
    var old = place.querySelector(":scope > .request-error");
    if (old) { old.remove(); }
    var note = document.createElement("p");
    note.className = "errorlist request-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    place.prepend(note);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 401) {  // the session has ended: the server's plain-text reason
      announce(event, xhr.responseText);
      return;
    }
    announce(event, document.body.dataset[xhr.status === 403 ? "errorForbidden" : "errorServer"]);
  });
  document.addEventListener("htmx:sendError", function (event) {
    announce(event, document.body.dataset.errorNetwork);
  });
})();

// A table wider than the screen (a phone's, say) scrolls in a box of its own rather than pushing
// the page sideways. The box is a named region that the keyboard can reach only while it scrolls.
(function () {
  "use strict";
  function name(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var heading = table.getAttribute("aria-labelledby") && document.getElementById(table.getAttribute("aria-labelledby"));
    return heading ? heading.textContent.trim() : document.body.dataset.tableName;
  }
  function fit(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name(box.querySelector("table")));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  function wrap(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      fit(box);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wrap(document); });
  document.addEventListener("htmx:afterSettle", function () { wrap(document); });
  window.addEventListener("resize", function () { document.querySelectorAll(".table-scroll").forEach(fit); });
})();

// Planning lists: after a row is moved by its buttons, the keyboard stays on the same button of
// that row; with the mouse, a row is dragged onto another of its group and put in its place.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-refocus]");
    if (!target) { return; }
    if (target.disabled) {  // moved to the end: the row's other button
      target = target.parentElement.querySelector("button:not([disabled])") || target.closest("tr").querySelector("a");
    }
    target.removeAttribute("data-refocus");
    if (target) { target.focus(); }
  });
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("tr[data-move-url]");
    if (!row) { return; }
    dragged = row;
    row.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.id);
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragged"); }
    document.querySelectorAll(".is-drop-target").forEach(function (row) { row.classList.remove("is-drop-target"); });
    dragged = null;
  });
  function dropTarget(event) {
    var row = event.target.closest && event.target.closest("tr[data-move-url]");
    return row && dragged && row !== dragged && row.dataset.group === dragged.dataset.group ? row : null;
  }
  document.addEventListener("dragover", function (event) {
    var row = dropTarget(event);
    if (!row) { return; }
    event.preventDefault();
    document.querySelectorAll(".is-drop-target").forEach(function (other) { other.classList.remove("is-drop-target"); });
    row.classList.add("is-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var row = dropTarget(event);
    if (!row) { return; }
    event.preventDefault();
    htmx.ajax("POST", dragged.dataset.moveUrl, {
      source: dragged, target: "#object-list", swap: "outerHTML", values: { position: row.dataset.position }
    });
  });
})();

// The Kolada search of an indicator's form (indicators/_kolada_search.html): Enter in the search
// field searches rather than sending the form around it, and a "Välj" button of the answer puts
// its KPI id in the input it names (data-target) and moves the focus there.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !(input instanceof Element) || !input.matches("[data-kolada-query]")) { return; }
    event.preventDefault();
    var button = document.getElementById(input.dataset.koladaQuery);
    if (button) { button.click(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-kolada-pick]");
    if (!button) { return; }
    var input = document.getElementById(button.dataset.target);
    if (!input) { return; }
    input.value = button.dataset.koladaPick;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
})();
