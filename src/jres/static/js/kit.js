// The kit page: "new" badges since the visitor's last visit, and videos loaded on click.
//
// The page is cached and shared by every anonymous visitor, so the server marks only what
// was added in the last 30 days; the date of this visitor's last visit lives in a cookie
// that this script alone reads and writes (the server never sets it, so the cached page
// stays free of cookies). The video players come from their hosts: nothing is requested
// from them until the visitor presses "play", which puts the player's iframe in place.
(function () {
  "use strict";
  var COOKIE = "jres_kit_visit";
  var SESSION_GAP = 30 * 60 * 1000; // visits closer than this count as one

  function readVisit() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    if (!match) return null;
    var parts = decodeURIComponent(match[1]).split("|");
    return { previous: Number(parts[0]) || 0, last: Number(parts[1]) || 0 };
  }

  function markNew() {
    var now = Date.now();
    var visit = readVisit();
    if (visit) {
      var since = now - visit.last > SESSION_GAP ? visit.last : visit.previous;
      document.querySelectorAll(".kit-resource[data-published]").forEach(function (item) {
        var published = Date.parse(item.dataset.published);
        var badge = item.querySelector(".badge--new");
        if (badge && published > since) badge.hidden = false;
      });
      visit.previous = now - visit.last > SESSION_GAP ? visit.last : visit.previous;
    } else {
      visit = { previous: now };
    }
    var value = encodeURIComponent(visit.previous + "|" + now);
    document.cookie = COOKIE + "=" + value + "; path=/kit/; max-age=31536000; SameSite=Lax";
  }

  function loadVideo(event) {
    var placeholder = event.target.closest(".video-placeholder");
    var frame = document.createElement("iframe");
    frame.src = placeholder.dataset.embedUrl;
    frame.title = placeholder.dataset.title;
    frame.className = "video-frame";
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    placeholder.replaceWith(frame);
    frame.focus();
  }

  markNew();
  document.querySelectorAll(".video-placeholder__play").forEach(function (button) {
    button.addEventListener("click", loadVideo);
  });
})();
