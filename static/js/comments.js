// "Save my name, email, and website in this browser": kept in this browser's
// localStorage only, never sent anywhere but the comment form itself.
(function () {
  "use strict";
  var form = document.getElementById("commentform");
  if (!form || !window.localStorage) { return; }
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
