/* samizdat present: the participant's page. It follows the slide the facilitator is on
   (server-sent events from /events) unless the participant has stepped back to an
   earlier slide; "Back to live" follows again. Nothing is stored and nothing is sent. */
(function () {
  "use strict";
  var main = document.getElementById("sz-slides");
  var slides = Array.prototype.slice.call(main.querySelectorAll("section.sz-p-slide"));
  var status = document.getElementById("sz-status");
  var prev = document.getElementById("sz-prev");
  var next = document.getElementById("sz-next");
  var back = document.getElementById("sz-back");
  var label = main.getAttribute("data-label-slide");
  var liveLabel = main.getAttribute("data-label-live");
  var offlineLabel = main.getAttribute("data-label-offline");
  var live = parseInt(main.getAttribute("data-live"), 10) || 0;
  var shown = live;
  var following = true;
  var online = true;

  function render(moved) {
    slides.forEach(function (s, i) { s.hidden = i !== shown; });
    var text = label.replace("%(n)s", String(shown + 1)).replace("%(total)s", String(slides.length));
    if (!online) { text = offlineLabel; } else if (following) { text += " \u00b7 " + liveLabel; }
    status.textContent = text;
    document.body.classList.toggle("sz-p-following", following);
    document.body.classList.toggle("sz-p-offline", !online);
    prev.disabled = shown === 0;
    next.disabled = shown >= live;
    back.hidden = following;
    if (moved) { window.scrollTo(0, 0); }
  }

  function go(n) {
    n = Math.max(0, Math.min(n, slides.length - 1));
    var moved = n !== shown;
    shown = n;
    following = shown === live;
    render(moved);
  }

  prev.addEventListener("click", function () { go(shown - 1); });
  next.addEventListener("click", function () { if (shown < live) { go(shown + 1); } });
  back.addEventListener("click", function () { go(live); });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.key === "ArrowLeft") { go(shown - 1); } else if (e.key === "ArrowRight" && shown < live) { go(shown + 1); }
  });

  var source = new EventSource("/events");
  source.addEventListener("message", function (e) {
    var data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    if (typeof data.slide !== "number" || data.slide < 0 || data.slide >= slides.length) { return; }
    live = data.slide;
    online = true;
    var moved = following && shown !== live;
    if (following) { shown = live; }
    render(moved);
  });
  source.addEventListener("open", function () { online = true; render(false); });
  source.addEventListener("error", function () { online = false; render(false); });
  render(false);
})();
