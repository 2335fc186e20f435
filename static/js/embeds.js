// Embedded posts (articles/reader/body.py): the page names the provider and loads nothing from
// it; the reader's click puts the provider's frame in. Without this script the link
// under the notice still leads to the post.
for (const figure of document.querySelectorAll("figure.embed[data-embed-frame]")) {
  const button = figure.querySelector(".embed__load")
  const notice = figure.querySelector(".embed__notice")
  if (!button || !notice) continue
  button.hidden = false
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe")
    frame.src = figure.dataset.embedFrame
    frame.title = figure.dataset.embedTitle || ""
    frame.allow = "fullscreen; picture-in-picture; encrypted-media; clipboard-write"
    frame.referrerPolicy = "strict-origin-when-cross-origin"
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation")
    frame.className = "embed__frame"
    notice.replaceWith(frame)
    figure.classList.add("embed--loaded")
  })
}
