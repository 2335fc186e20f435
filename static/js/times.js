// How long ago an article's dates were ("قبل ساعتين", "2 hours ago"), beside the dates.
//
// The page is the same bytes for every reader at any time (the caches share it), so it
// carries the moment itself (<time datetime data-relative>) and the date written out;
// the reader's browser works out the rest, in the page's language and with the digits
// the site chose (data-relative="arab" or "latn"). Without this script the written date
// is all there is, and it reads correctly. Older than a week: the date says enough.
(function () {
  "use strict";

  var STEPS = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 7],
  ];
  var formats = {};

  function format(digits) {
    var locale = (document.documentElement.lang || "en") + "-u-nu-" + (digits === "arab" ? "arab" : "latn");
    if (!formats[locale]) {
      formats[locale] = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    }
    return formats[locale];
  }

  function ago(then, now, digits) {
    var value = Math.round((then - now) / 1000); // negative: in the past
    if (value > 60) {
      return ""; // ahead of the reader's clock by more than a minute: not "in 3 hours"
    }
    if (value > -45) {
      return format(digits).format(0, "second"); // "now"
    }
    for (var i = 0; i < STEPS.length; i += 1) {
      if (Math.abs(value) < STEPS[i][1]) {
        return format(digits).format(value, STEPS[i][0]);
      }
      value = Math.round(value / STEPS[i][1]);
    }
    return "";
  }

  function fill() {
    if (!window.Intl || !Intl.RelativeTimeFormat) {
      return;
    }
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (time) {
      var then = Date.parse(time.getAttribute("datetime"));
      var text = isNaN(then) ? "" : ago(then, now, time.getAttribute("data-relative"));
      var next = time.nextElementSibling;
      var shown = next && next.classList.contains("time-ago") ? next : null;
      if (!text) {
        if (shown) {
          shown.remove();
        }
        return;
      }
      if (!shown) {
        shown = document.createElement("span");
        shown.className = "time-ago";
        time.after(shown);
      }
      shown.textContent = "(" + text + ")";
    });
  }

  fill();
  setInterval(fill, 60 * 1000); // a page left open keeps saying the truth
})();
