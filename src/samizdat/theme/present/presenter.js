/* samizdat present: added to the facilitator's deck. It tells the server which slide is
   shown (with the token from this page's address; nothing else can move the
   participants' slides), and shows participants where to connect: a QR code and the
   short address on the title slide and in a corner of the other slides (Q hides it). */
(function () {
  "use strict";
  // the speaker view's previews load this page too (with ?receiver): they must not move the room
  if (/receiver/i.test(window.location.search) || window.self !== window.top || !window.Reveal) { return; }
  var token = decodeURIComponent(window.location.pathname.split("/")[2] || "");
  var meta = document.querySelector('meta[name="samizdat-join"]');
  var url = meta ? meta.getAttribute("content") : "";
  var label = meta ? meta.getAttribute("data-label") : "";
  var wanted = null, sent = null, busy = false, refused = false;

  function flush() {
    if (busy || refused || wanted === null || wanted === sent) { return; }
    busy = true;
    var n = wanted;
    fetch("/api/slide", {
      method: "POST", cache: "no-store", credentials: "omit",
      headers: {"Content-Type": "application/json", "X-Samizdat-Token": token},
      body: JSON.stringify({slide: n})
    }).then(function (r) {
      if (r.ok) { sent = n; } else if (r.status === 403) { refused = true; }
      document.documentElement.classList.toggle("sz-present-offline", !r.ok);
    }).catch(function () {
      document.documentElement.classList.add("sz-present-offline");
    }).then(function () {
      busy = false;
      if (wanted !== sent) { setTimeout(flush, sent === n ? 0 : 1000); }
    });
  }
  function post(h) { wanted = h; flush(); }

  function joinBox(cls) {
    var box = document.createElement("div");
    box.className = cls;
    var img = document.createElement("img");
    img.src = "/qr.svg";
    img.alt = "";
    var text = document.createElement("p");
    var say = document.createElement("span");
    say.textContent = label + " ";
    var address = document.createElement("strong");
    address.textContent = url.replace(/^https?:\/\//, "").replace(/\/$/, "");
    text.appendChild(say);
    text.appendChild(address);
    box.appendChild(img);
    box.appendChild(text);
    return box;
  }

  var first = document.querySelector(".reveal .slides > section");
  var titleBox = first ? first.appendChild(joinBox("sz-join")) : null;
  var corner = joinBox("sz-join-corner");
  corner.setAttribute("aria-hidden", "true");
  document.body.appendChild(corner);
  var cornerWanted = true;
  function covers(box) {
    var cb = box.getBoundingClientRect();
    var slide = Reveal.getCurrentSlide();
    var parts = slide ? slide.querySelectorAll("h1, h2, h3, p, li, td, th, img, pre, blockquote, .sz-timer") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].closest(".sz-join, aside")) { continue; }
      var range = document.createRange();  // the lines of text, not the whole block
      range.selectNodeContents(parts[i]);
      var rects = parts[i].tagName === "IMG" ? parts[i].getClientRects() : range.getClientRects();
      for (var k = 0; k < rects.length; k++) {
        var r = rects[k];
        if (r.width && r.left < cb.right && r.right > cb.left && r.top < cb.bottom && r.bottom > cb.top) { return true; }
      }
    }
    return false;
  }
  function place(h) {
    corner.hidden = !cornerWanted || (h === 0 && titleBox !== null);
    if (corner.hidden) { return; }
    // bottom left, else top right, else not at all: the code never covers the slide's text
    corner.classList.remove("sz-corner-top");
    if (!covers(corner)) { return; }
    corner.classList.add("sz-corner-top");
    corner.hidden = covers(corner);
  }
  function fit() {
    // a title slide already full keeps its content: the corner code stands in for the box
    if (titleBox && first.scrollHeight > Reveal.getConfig().height) {
      first.removeChild(titleBox);
      titleBox = null;
      Reveal.layout();
    }
  }

  Reveal.on("ready", function (e) { fit(); place(e.indexh); post(e.indexh); });
  Reveal.on("slidechanged", function (e) { place(e.indexh); post(e.indexh); });
  Reveal.addKeyBinding({keyCode: 81, key: "Q", description: "Show or hide the participants' QR code"}, function () {
    cornerWanted = !cornerWanted;
    place(Reveal.getIndices().h);
  });
  if (Reveal.isReady()) { fit(); place(Reveal.getIndices().h); post(Reveal.getIndices().h); }
  if (document.fonts) {  // measured again once the deck's fonts are in
    document.fonts.ready.then(function () { if (Reveal.isReady()) { fit(); place(Reveal.getIndices().h); } });
  }
})();
