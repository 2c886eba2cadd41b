// Small behaviours for the screens (no inline script: the CSP allows only our own files).
(function () {
  "use strict";
  // A button that acts on what is being typed keeps the focus in the field: no blur, so no
  // "change" refresh racing the button's own request (e.g. "use this place" in the console).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("[data-keep-focus]")) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var use = event.target.closest("[data-use-answer]");
    if (use) {
      var field = document.getElementById(use.getAttribute("data-target") || "id_reply");
      if (field) {
        field.value = use.getAttribute("data-use-answer");
        field.focus();
      }
      return;
    }
    // "Use this category": the request is issued from the form's refresh block, not from the
    // button, because the suggestion panel holding the button may be re-rendered while the
    // request is in flight, and htmx drops the answer of a request whose element is gone.
    var apply = event.target.closest("[data-apply-suggestion]");
    if (apply && window.htmx) {
      var block = apply.closest("form").querySelector("[hx-target='#panels-sink']");
      htmx.ajax("GET", block.getAttribute("hx-get"), {
        source: block, target: "#panels-sink", swap: "innerHTML",
        values: JSON.parse(apply.getAttribute("data-apply-suggestion")),
      });
      return;
    }
    var locate = event.target.closest("[data-locate]");
    if (locate && navigator.geolocation) {
      var status = document.getElementById("locate-status");
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
        if (status) { status.textContent = locate.getAttribute("data-done"); }
      }, function () {
        if (status) { status.textContent = locate.getAttribute("data-failed"); }
      }, {timeout: 10000});
    }
  });
})();
