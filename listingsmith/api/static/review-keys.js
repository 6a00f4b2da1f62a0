// Keyboard shortcuts of the review page: "a" approves and opens the next held listing, "r" rejects (the reason field must be
// filled), "j"/"k" move through the queue's links. Never while typing in a field.
"use strict";
(function () {
  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  function press(id) {
    var button = document.getElementById(id);
    if (button) button.click();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "a") {
      press("approve-next");
    } else if (event.key === "r") {
      var reason = document.getElementById("reason");
      if (reason && !reason.value.trim()) reason.focus();
      else press("reject");
    } else if (event.key === "j" || event.key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll("#queue a.open"));
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = event.key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
      links[next].focus();
    } else {
      return;
    }
    event.preventDefault();
  });
})();
