// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen readers announce it at once.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
