// «عاجل» (templates/breaking/_alert.html): a live region is announced when what is in it
// changes, not when a page opens with it. Once the page has loaded, the alert's line is put
// in again, so that screen readers say it, politely: nothing is interrupted and the focus
// stays where it is. Without this script the line is simply there, under the header.
{
  // Browsers tell screen readers of changes to live regions once the page is done loading.
  const announceAfterMs = 500
  window.addEventListener("load", () => {
    setTimeout(() => {
      for (const region of document.querySelectorAll("[data-breaking]")) {
        const line = region.firstElementChild
        if (line && !line.contains(document.activeElement)) line.replaceWith(line.cloneNode(true))
      }
    }, announceAfterMs)
  })
}
