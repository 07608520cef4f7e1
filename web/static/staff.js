// The queue stays current without a reload: every `data-refresh` seconds, while the tab is shown,
// the page asks the server for the list again (same filters) and puts it in place.
(function () {
  "use strict";
  var list = document.getElementById("queue-list");
  if (!list) { return; }
  var seconds = parseInt(list.getAttribute("data-refresh") || "0", 10);
  if (!seconds) { return; }
  async function refresh() {
    if (document.visibilityState !== "visible") { return; }
    try {
      var response = await fetch(window.location.href, {
        headers: { "X-Tanggap-Part": "queue" }, credentials: "same-origin", redirect: "error"
      });
      if (response.ok) { list.innerHTML = await response.text(); }
    } catch (error) {
      // offline for a moment, or signed out: the next refresh tries again; the page keeps what it shows
    }
  }
  window.setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", refresh);
}());
