/* Seek the recording's player from chapter and transcript links without reloading the page.
   Without JS the links (?t=N) reload the page and the server starts the player at N. */
(function () {
  "use strict";
  var player = document.getElementById("recording-player");
  if (!player) return;
  var ready = false;
  var origin = new URL(player.src).origin;

  function send(func, args) {
    player.contentWindow.postMessage(JSON.stringify({ event: "command", func: func, args: args || [] }), origin);
  }
  function srcAt(seconds) {
    var base = player.getAttribute("data-embed-base") || player.src.replace(/&start=\d+/, "");
    return base + (seconds > 0 ? "&start=" + seconds : "") + "&autoplay=1";
  }
  function markCurrent(seconds) {
    var items = document.querySelectorAll(".transcript-segments li, .chapters a");
    for (var i = 0; i < items.length; i++) {
      var link = items[i].matches("a") ? items[i] : items[i].querySelector("[data-seek]");
      var on = link && link.getAttribute("data-seek") === String(seconds);
      if (items[i].matches("li")) items[i].classList.toggle("is-current", on);
      else if (on) items[i].setAttribute("aria-current", "true");
      else items[i].removeAttribute("aria-current");
    }
  }

  // The YouTube iframe API answers once we say we are listening; then seeking needs no reload.
  window.addEventListener("message", function (event) {
    if (event.source === player.contentWindow && event.origin === origin) ready = true;
  });
  player.addEventListener("load", function () {
    try { player.contentWindow.postMessage(JSON.stringify({ event: "listening", id: player.id }), origin); } catch (e) { /* not loaded */ }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-seek]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    var seconds = parseInt(link.getAttribute("data-seek"), 10);
    if (!(seconds >= 0)) return;
    event.preventDefault();
    player.setAttribute("data-start", String(seconds));
    if (ready) {
      send("seekTo", [seconds, true]);
      send("playVideo");
    } else {
      player.src = srcAt(seconds);
    }
    var url = new URL(window.location.href);
    url.searchParams.set("t", String(seconds));
    window.history.replaceState(null, "", url.toString());
    markCurrent(seconds);
    player.scrollIntoView({ block: "nearest" });
  });

  // Opened at a time (?t=N): highlight that passage and scroll the transcript to it.
  var initial = parseInt(player.getAttribute("data-start"), 10) || 0;
  if (initial > 0) {
    markCurrent(initial);
    var current = document.querySelector(".transcript-segments li.is-current");
    var box = document.querySelector(".transcript");
    if (current && box && box.scrollHeight > box.clientHeight) box.scrollTop = current.offsetTop - box.offsetTop;
  }
})();
