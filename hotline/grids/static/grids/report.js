// The inspector's report page: fill in the location from the phone when it allows.
(function () {
  "use strict";
  var status = document.getElementById("geo-status");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!status || !lat || !lng) { return; }
  if (!navigator.geolocation) { status.textContent = status.getAttribute("data-failed"); return; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    lat.value = pos.coords.latitude.toFixed(6);
    lng.value = pos.coords.longitude.toFixed(6);
    status.textContent = status.getAttribute("data-done") + " (" + lat.value + ", " + lng.value + ")";
    status.setAttribute("data-located", "1");
  }, function () {
    status.textContent = status.getAttribute("data-failed");
  }, {timeout: 10000, enableHighAccuracy: true});
})();
