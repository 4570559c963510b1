// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen readers announce it at once.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// When htmx replaces the part of the page that held the focused button (moving a visit up or
// down), put the focus back on the same button, or on the first button of the same row when
// that one is gone, so a keyboard user does not land at the top of the page.
(function () {
  var focusKey = null;
  var focusGroup = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusKey = active && active.getAttribute("data-focus-key");
    focusGroup = active && active.getAttribute("data-focus-group");
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!focusKey) return;
    var target = document.querySelector('[data-focus-key="' + focusKey + '"]');
    if (!target && focusGroup) {
      target = document.querySelector('[data-focus-group="' + focusGroup + '"]');
    }
    if (target) target.focus();
    focusKey = null;
    focusGroup = null;
  });
})();
