/* The self-hosted recording player (<video>/<audio> with the browser's own controls):
   - chapter and transcript links (?t=N) seek without reloading; the line being spoken is highlighted and kept
     in view inside the transcript box, never moving the focus;
   - a clip (?t=120-185 or #t=120,185) plays only that span;
   - ticking lines builds a "share this part" link (?t=START-END). */
(function () {
  "use strict";
  var media = document.getElementById("recording-media");
  if (!media) return;
  var box = document.querySelector(".transcript");
  var lines = Array.prototype.slice.call(document.querySelectorAll(".transcript-segments li[data-start]"));
  var clipEnd = null;
  var current = null;

  function fragmentSpan() {
    var match = /^#t=(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?$/.exec(window.location.hash);
    if (!match) return null;
    return { start: parseFloat(match[1]), end: match[2] ? parseFloat(match[2]) : null };
  }

  function keepInView(item) {
    if (!box || box.scrollHeight <= box.clientHeight) return;
    var top = item.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + item.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function markCurrent(seconds) {
    var ms = seconds * 1000;
    var found = null;
    for (var i = 0; i < lines.length; i++) {
      var start = parseInt(lines[i].getAttribute("data-start"), 10);
      var end = parseInt(lines[i].getAttribute("data-end"), 10);
      if (ms >= start && ms < end) { found = lines[i]; break; }
    }
    if (found === current) return;
    if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
    current = found;
    if (current) {
      current.classList.add("is-current");
      current.setAttribute("aria-current", "true");
      keepInView(current);
    }
  }

  function playSpan(start, end) {
    clipEnd = end;
    media.currentTime = start;
    var playing = media.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay refused: the controls remain */ });
    markCurrent(start);
  }

  function setUrl(value) {
    var url = new URL(window.location.href);
    url.searchParams.set("t", value);
    url.hash = "";
    window.history.replaceState(null, "", url.toString());
  }

  media.addEventListener("timeupdate", function () {
    if (clipEnd !== null && media.currentTime >= clipEnd) {
      media.pause();
      media.currentTime = clipEnd;
      clipEnd = null;
    }
    markCurrent(media.currentTime);
  });

  document.addEventListener("click", function (event) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0 || !event.target.closest) return;
    var seek = event.target.closest("a[data-seek]");
    var clip = event.target.closest("a[data-clip]");
    if (seek) {
      var seconds = parseInt(seek.getAttribute("data-seek"), 10);
      if (!(seconds >= 0)) return;
      event.preventDefault();
      playSpan(seconds, clipEnd !== null && seconds < clipEnd ? clipEnd : null);
      setUrl(String(seconds));
    } else if (clip) {
      var parts = clip.getAttribute("data-clip").split("-");
      event.preventDefault();
      playSpan(parseInt(parts[0], 10), parseInt(parts[1], 10));
      setUrl(clip.getAttribute("data-clip"));
    }
  });

  // Opened at a time or a clip: from the server (?t=) or a media fragment (#t=start,end).
  var fragment = fragmentSpan();
  var start = fragment ? fragment.start : parseFloat(media.getAttribute("data-start")) || 0;
  var end = fragment ? fragment.end : parseFloat(media.getAttribute("data-end")) || null;
  clipEnd = end;
  if (start > 0) {
    var seekOnce = function () { media.currentTime = start; markCurrent(start); };
    if (media.readyState >= 1) seekOnce();
    else media.addEventListener("loadedmetadata", seekOnce, { once: true });
  }

  // "Share this part": tick lines, get a link to the span from the first to the last ticked line.
  var share = document.querySelector(".share-clip");
  if (!share) return;
  var output = share.querySelector("#share-clip-url");
  var copy = share.querySelector(".share-clip-copy");
  var status = share.querySelector(".share-clip-status");
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".segment-select"));
  boxes.forEach(function (label) { label.hidden = false; });
  share.hidden = false;
  function update() {
    var from = null, to = null;
    boxes.forEach(function (label) {
      var input = label.querySelector("input");
      if (!input.checked) return;
      var span = input.value.split("-");
      var a = parseInt(span[0], 10), b = parseInt(span[1], 10);
      from = from === null ? a : Math.min(from, a);
      to = to === null ? b : Math.max(to, b);
    });
    if (from === null) {
      output.value = "";
      copy.disabled = true;
      return;
    }
    var url = new URL(window.location.href);
    url.search = "?t=" + from + "-" + to;
    url.hash = "";
    output.value = url.toString();
    copy.disabled = false;
    status.textContent = "";
  }
  share.parentNode.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".segment-select")) update();
  });
  copy.addEventListener("click", function () {
    output.select();
    var done = function () { status.textContent = copy.getAttribute("data-done") || "OK"; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(output.value).then(done, done);
    else done();
  });
})();
