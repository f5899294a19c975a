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
