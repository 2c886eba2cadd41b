// The incident board: show an action's refusal (sent as an HX-Trigger event) above the table.
(function () {
  "use strict";
  document.body.addEventListener("emergency-error", function (event) {
    var box = document.getElementById("board-error");
    if (box) { box.textContent = (event.detail && event.detail.value) || ""; }
  });
})();
