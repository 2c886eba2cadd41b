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
