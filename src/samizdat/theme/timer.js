/* samizdat: a countdown on activity slides (offline; no storage, no network). A slide whose
   section has data-minutes shows the time left from when it is first shown; T restarts it,
   P pauses it. Inline in each deck (hashed by the deck's Content-Security-Policy). */
(function () {
  if (!window.Reveal) { return; }
  var timers = {};
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show(slide) {
    var minutes = parseInt(slide.getAttribute("data-minutes") || "", 10);
    if (!minutes) { return; }
    var id = Reveal.getIndices(slide).h;
    var t = timers[id];
    if (!t) {
      var box = document.createElement("div");
      box.className = "sz-timer";
      box.setAttribute("role", "timer");
      box.setAttribute("aria-live", "off");
      var meta = slide.querySelector(".sz-activity-meta p") || slide.querySelector(".sz-activity-meta");
      (meta || slide).appendChild(box);  /* beside "20 minutes · Small groups" */
      t = timers[id] = {end: Date.now() + minutes * 60000, box: box, paused: null, minutes: minutes};
    }
    tick(t);
  }
  function tick(t) {
    var left = Math.max(0, Math.round(((t.paused || Date.now()) - t.end) / -1000));
    t.box.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    t.box.classList.toggle("sz-timer-done", left === 0);
    t.box.classList.toggle("sz-timer-paused", t.paused !== null);
  }
  function current() { return timers[Reveal.getIndices().h]; }
  Reveal.on("ready", function (e) { show(e.currentSlide); });
  Reveal.on("slidechanged", function (e) { show(e.currentSlide); });
  setInterval(function () { var t = current(); if (t) { tick(t); } }, 500);
  Reveal.addKeyBinding({keyCode: 84, key: "T", description: "Restart the activity's countdown"}, function () {
    var t = current(); if (t) { t.end = Date.now() + t.minutes * 60000; t.paused = null; tick(t); }
  });
  Reveal.addKeyBinding({keyCode: 80, key: "P", description: "Pause or resume the countdown"}, function () {
    var t = current(); if (!t) { return; }
    if (t.paused) { t.end += Date.now() - t.paused; t.paused = null; } else { t.paused = Date.now(); }
    tick(t);
  });
})();
