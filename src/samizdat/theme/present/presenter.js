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
  if (first) { first.appendChild(joinBox("sz-join")); }
  var corner = joinBox("sz-join-corner");
  corner.setAttribute("aria-hidden", "true");
  document.body.appendChild(corner);
  var cornerWanted = true;
  function place(h) { corner.hidden = !cornerWanted || h === 0; }

  Reveal.on("ready", function (e) { place(e.indexh); post(e.indexh); });
  Reveal.on("slidechanged", function (e) { place(e.indexh); post(e.indexh); });
  Reveal.addKeyBinding({keyCode: 81, key: "Q", description: "Show or hide the participants' QR code"}, function () {
    cornerWanted = !cornerWanted;
    place(Reveal.getIndices().h);
  });
  if (Reveal.isReady()) { place(Reveal.getIndices().h); post(Reveal.getIndices().h); }
})();
