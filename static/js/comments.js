// The comment form, on pages that are the same for every reader (any cache may hold them).
(function () {
  "use strict";
  var form = document.getElementById("commentform");
  if (!form) { return; }

  // The spam checker asks how long the reader spent writing. The page's own token carries
  // no time (a cached copy's age says nothing of a reader), so when the reader starts
  // writing, ask the server for a token that starts the clock now. Without this script
  // the form still posts; the checker then simply has no timing evidence.
  var asked = false;
  form.addEventListener("focusin", function () {
    if (asked || !window.fetch || !form.dataset.tokenUrl) { return; }
    asked = true;
    fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.token) { form.elements.token.value = data.token; }
      })
      .catch(function () { /* keep the page's token */ });
  });

  // "Save my name, email, and website in this browser": kept in this browser's
  // localStorage only, never sent anywhere but the comment form itself.
  if (!window.localStorage) { return; }
  var KEY = "newsroom.commenter";
  var fields = ["author", "email", "url"];
  try {
    var saved = JSON.parse(localStorage.getItem(KEY) || "null");
    if (saved) {
      fields.forEach(function (name) {
        if (form.elements[name] && !form.elements[name].value && saved[name]) {
          form.elements[name].value = saved[name];
        }
      });
      form.elements.remember.checked = true;
    }
  } catch (e) { localStorage.removeItem(KEY); }
  form.addEventListener("submit", function () {
    if (form.elements.remember.checked) {
      var data = {};
      fields.forEach(function (name) { data[name] = form.elements[name].value; });
      localStorage.setItem(KEY, JSON.stringify(data));
    } else {
      localStorage.removeItem(KEY);
    }
  });
}());
