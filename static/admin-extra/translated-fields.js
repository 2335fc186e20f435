// django-modeltranslation's language switch above the tabbed fields has no label of its
// own; name it, in the admin's language, for screen readers. The switch is built by
// modeltranslation's own script when the page is ready, so wait for it to appear.
"use strict"
;(() => {
  const label = () => (window.gettext ? window.gettext("Language of the fields") : "Language of the fields")
  function nameSwitches() {
    const switches = document.querySelectorAll("select.modeltranslation-switch")
    for (const select of switches) select.setAttribute("aria-label", label())
    return switches.length > 0
  }
  if (nameSwitches()) return
  const observer = new MutationObserver(() => nameSwitches() && observer.disconnect())
  observer.observe(document.documentElement, { childList: true, subtree: true })
  window.addEventListener("load", () => setTimeout(() => observer.disconnect(), 5000))
})()
