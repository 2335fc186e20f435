// What pasted text becomes in the article editor. No DOM editor state here: these take
// strings and return strings, so the rules are the same wherever text comes from.
import { HOUSE_RULES } from "./housestyle.js"

const RULES = HOUSE_RULES.map(([, pattern, replacement]) => [new RegExp(pattern, "gu"), replacement])

// The house rules (articles/text/housestyle.py, which the server applies on save, and
// from which housestyle.js is written): Persian letters folded to Arabic, stray tatweel
// removed, doubled spaces, non-breaking ones too, made one.
export function houseRules(text) {
  return RULES.reduce((result, [pattern, replacement]) => result.replace(pattern, () => replacement), text)
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c])
}

// WhatsApp marks *bold* and _italic_; keep them as such.
function inline(text) {
  return escapeHtml(houseRules(text.trim()))
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$|[.,،؛:!؟?])/g, "$1<strong>$2</strong>")
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,،؛:!؟?])/g, "$1<em>$2</em>")
}

const BULLET = /^\s*(?:[-*•·▪◦]|[–—])\s+/
const NUMBER = /^\s*(?:\d+|[٠-٩]+)[.)\-]\s+/
const QUOTE = /^\s*>\s?/

function listOf(lines, tag, marker) {
  return `<${tag}>${lines.map((line) => `<li><p>${inline(line.replace(marker, ""))}</p></li>`).join("")}</${tag}>`
}

// Plain text to blocks: a blank line or a new line starts a paragraph; lines starting
// with "-", "•" or "1." make a list, lines starting with ">" a quote.
export function textToHtml(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n")
  const html = []
  let run = []
  let kind = null
  const flush = () => {
    if (!run.length) return
    if (kind === "ul") html.push(listOf(run, "ul", BULLET))
    else if (kind === "ol") html.push(listOf(run, "ol", NUMBER))
    else if (kind === "quote") html.push(`<blockquote>${run.map((l) => `<p>${inline(l.replace(QUOTE, ""))}</p>`).join("")}</blockquote>`)
    run = []
    kind = null
  }
  for (const line of lines) {
    if (!line.trim()) {
      flush()
      continue
    }
    const lineKind = BULLET.test(line) ? "ul" : NUMBER.test(line) ? "ol" : QUOTE.test(line) ? "quote" : "p"
    if (lineKind === "p") {
      flush()
      html.push(`<p>${inline(line)}</p>`)
      continue
    }
    if (kind !== lineKind) flush()
    kind = lineKind
    run.push(line)
  }
  flush()
  return html.join("")
}

// Word's lists are paragraphs with a class and a hand-typed bullet; its headings and
// tables are real. Turn the list paragraphs into lists, drop Office's noise, and apply
// the house rules to the text. Google Docs' HTML is already structured.
export function cleanPastedHtml(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  doc.querySelectorAll("style, meta, link, script, title, xml, o\\:p").forEach((node) => node.remove())
  wordListsToLists(doc)
  // The title is the article's h1; pasted headings keep their rank within h2-h4.
  doc.querySelectorAll("h1, h5, h6").forEach((heading) => renameElement(heading, heading.tagName === "H1" ? "h2" : "h4"))
  doc.querySelectorAll("p.MsoTitle, p.MsoSubtitle").forEach((p) => renameElement(p, "h2"))
  // Google Docs wraps everything in <b style="font-weight:normal">: not bold at all.
  doc.querySelectorAll('b[style*="font-weight:normal"], b[style*="font-weight: normal"]').forEach(unwrap)
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    node.nodeValue = houseRules(node.nodeValue)
  }
  return doc.body.innerHTML
}

function renameElement(element, tag) {
  const renamed = element.ownerDocument.createElement(tag)
  renamed.append(...element.childNodes)
  element.replaceWith(renamed)
}

function unwrap(element) {
  element.replaceWith(...element.childNodes)
}

function isWordListParagraph(node) {
  return (
    node &&
    node.nodeType === 1 &&
    node.tagName === "P" &&
    (/MsoList/i.test(node.className) || /mso-list/i.test(node.getAttribute("style") || ""))
  )
}

function wordListsToLists(doc) {
  for (const first of [...doc.querySelectorAll("p")]) {
    if (!first.isConnected || !isWordListParagraph(first)) continue
    if (isWordListParagraph(first.previousElementSibling)) continue
    const items = []
    for (let node = first; isWordListParagraph(node); node = node.nextElementSibling) items.push(node)
    const ordered = /^\s*(?:\d+|[٠-٩]+|[a-z])[.)]/i.test(items[0].textContent)
    const list = doc.createElement(ordered ? "ol" : "ul")
    for (const item of items) {
      // Word writes the bullet or number itself, in a span it hides from other programs.
      item.querySelectorAll('span[style*="mso-list:Ignore"], span[style*="mso-list: Ignore"]').forEach((s) => s.remove())
      const li = doc.createElement("li")
      const p = doc.createElement("p")
      p.innerHTML = item.innerHTML
      p.innerHTML = p.innerHTML.replace(/^\s*(?:[·•▪o§-]|\d+[.)]|[a-z][.)])\s*/i, "")
      li.append(p)
      list.append(li)
    }
    items[0].before(list)
    items.forEach((item) => item.remove())
  }
}
