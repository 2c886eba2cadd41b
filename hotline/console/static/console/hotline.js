// Small behaviours for the screens (no inline script: the CSP allows only our own files).
(function () {
  "use strict";
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
