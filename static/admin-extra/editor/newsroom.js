// The newsroom's additions to the article body editor (django-prose-editor, Tiptap):
// the editable area in the language and direction of its text, a direction per block,
// and house rules applied to whatever is pasted (Word, Google Docs, WhatsApp, plain text).
// The same house rules run on the server when the article is saved (articles/text/housestyle.py).
import { Extension, gettext, Plugin } from "django-prose-editor/editor"
import { cleanPastedHtml, houseRules, textToHtml } from "./paste.js"

// django-prose-editor names its buttons in English and passes its dialogs' labels through
// the admin's JavaScript catalogue (window.gettext). Both are translated in
// locale/<language>/LC_MESSAGES/djangojs.po; this list is what makemessages reads.
const gettext_noop = (text) => text
export const EDITOR_LABELS = [
  gettext_noop("paragraph"), gettext_noop("Paragraph"), gettext_noop("Heading 2"), gettext_noop("Heading 3"),
  gettext_noop("Heading 4"), gettext_noop("unordered list"), gettext_noop("ordered list"),
  gettext_noop("List properties"), gettext_noop("blockquote"), gettext_noop("horizontal rule"),
  gettext_noop("figure"), gettext_noop("bold"), gettext_noop("italic"), gettext_noop("insert link"),
  gettext_noop("remove link"), gettext_noop("undo"), gettext_noop("redo"), gettext_noop("Insert table"),
  gettext_noop("Add column"), gettext_noop("Delete column"), gettext_noop("Add row"),
  gettext_noop("Delete row"), gettext_noop("Delete table"), gettext_noop("Merge cells"),
  gettext_noop("Split cell"), gettext_noop("Toggle header cell"), gettext_noop("edit HTML"),
  gettext_noop("Toggle fullscreen"),
  // Dialogs (links, tables, figures, list properties).
  gettext_noop("Update"), gettext_noop("Cancel"), gettext_noop("URL"), gettext_noop("Title"),
  gettext_noop("Open in new window"), gettext_noop("Edit Link"), gettext_noop("Rows"),
  gettext_noop("Columns"), gettext_noop("Include header row"), gettext_noop("Table Properties"),
  gettext_noop("Insert Table"), gettext_noop("Image URL"), gettext_noop("Browse..."),
  gettext_noop("Alternative Text"), gettext_noop("Caption"), gettext_noop("Edit Figure"),
  gettext_noop("Edit Image"), gettext_noop("Insert Figure"), gettext_noop("Insert"),
  gettext_noop("Remove caption"), gettext_noop("Add caption"), gettext_noop("Decimal numbers"),
  gettext_noop("Lowercase letters"), gettext_noop("Uppercase letters"),
  gettext_noop("Lowercase Roman numerals"), gettext_noop("Uppercase Roman numerals"),
  gettext_noop("Bullets"), gettext_noop("Start at"), gettext_noop("List type"),
]

// The menu bar's tooltips, accessible names and block-type options in the admin's language.
function translateMenu(root) {
  const menubar = root?.querySelector(".prose-menubar")
  if (!menubar) return
  for (const button of menubar.querySelectorAll("[title]")) {
    const label = gettext(button.getAttribute("title"))
    button.setAttribute("title", label)
    button.setAttribute("aria-label", label)
  }
  for (const option of menubar.querySelectorAll(".prose-menubar__option :is(h2, h3, h4, p)")) {
    option.textContent = gettext(option.textContent)
  }
  mirrorDisabled(menubar)
}

// django-prose-editor marks an unavailable button with a class only; screen readers (and
// contrast checkers) need aria-disabled to know it is off.
function mirrorDisabled(menubar) {
  const sync = (button) => {
    if (button.classList.contains("disabled")) button.setAttribute("aria-disabled", "true")
    else button.removeAttribute("aria-disabled")
  }
  menubar.querySelectorAll(".prose-menubar__button").forEach(sync)
  new MutationObserver((records) => {
    for (const record of records) if (record.target.classList?.contains("prose-menubar__button")) sync(record.target)
  }).observe(menubar, { subtree: true, attributes: true, attributeFilter: ["class"] })
}

const BLOCKS = ["paragraph", "heading", "blockquote", "listItem", "tableCell", "tableHeader"]
const DIRECTIONS = ["rtl", "ltr", "auto"]

function blocksInSelection(state) {
  const found = []
  const { from, to } = state.selection
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (BLOCKS.includes(node.type.name)) found.push({ node, pos })
  })
  return found
}

// The media library, from the editor: search, pick, and the image goes in as a figure
// that names its library id (data-file); the site shows it as a responsive picture with
// the library's alt text in the page's language.
function openLibrary(editor, url, labels) {
  const dialog = document.createElement("dialog")
  dialog.className = "library-dialog"
  dialog.setAttribute("aria-label", labels.library || "Image from the library")
  const search = document.createElement("input")
  search.type = "search"
  search.placeholder = labels.search || "Search"
  search.className = "library-dialog__search"
  const grid = document.createElement("div")
  grid.className = "library-dialog__grid"
  const close = document.createElement("button")
  close.type = "button"
  close.textContent = labels.close || "Close"
  close.addEventListener("click", () => dialog.close())
  dialog.append(search, grid, close)
  dialog.addEventListener("close", () => dialog.remove())
  document.body.append(dialog)

  async function load() {
    const response = await fetch(`${url}?q=${encodeURIComponent(search.value)}`, { credentials: "same-origin" })
    const { images } = response.ok ? await response.json() : { images: [] }
    grid.replaceChildren(
      ...images.map((image) => {
        const choice = document.createElement("button")
        choice.type = "button"
        choice.className = "library-dialog__choice"
        choice.dataset.imageId = image.id
        const thumb = document.createElement("img")
        thumb.src = image.thumb
        thumb.alt = ""
        const title = document.createElement("span")
        title.textContent = image.title
        choice.append(thumb, title)
        choice.addEventListener("click", () => {
          const figure = document.createElement("figure")
          const img = document.createElement("img")
          Object.assign(img, { src: image.src, alt: image.alt })
          img.setAttribute("data-file", image.id)
          img.setAttribute("width", image.width)
          img.setAttribute("height", image.height)
          const caption = document.createElement("figcaption")
          caption.textContent = image.caption
          figure.append(img, caption)
          editor.chain().focus().insertContent(figure.outerHTML).run()
          dialog.close()
        })
        return choice
      }),
    )
    if (!images.length) grid.textContent = labels.empty || "No image found."
  }
  let timer
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(load, 250)
  })
  dialog.showModal()
  load()
}

export const NewsroomText = Extension.create({
  name: "newsroomText",

  addOptions() {
    return { language: "ar", direction: "rtl", labels: {}, libraryUrl: "" }
  },

  addGlobalAttributes() {
    return [
      {
        types: BLOCKS,
        attributes: {
          dir: {
            default: null,
            // Enter at the end of an English quotation starts the next paragraph in the
            // text's own direction (Tiptap copies attributes to the new block by default);
            // Enter inside a block splits its text, and both halves keep the block's.
            keepOnSplit: false,
            parseHTML: (element) => {
              const value = (element.getAttribute("dir") || "").toLowerCase()
              return DIRECTIONS.includes(value) ? value : null
            },
            renderHTML: (attributes) => (attributes.dir ? { dir: attributes.dir } : {}),
          },
        },
      },
    ]
  },

  addCommands() {
    return {
      setBlockDirection:
        (direction) =>
        ({ tr, state, dispatch }) => {
          const blocks = blocksInSelection(state)
          if (!blocks.length) return false
          if (dispatch) {
            for (const { node, pos } of blocks) {
              // The text's own direction needs no attribute: the page already has it.
              const value = direction === this.options.direction ? null : direction
              tr.setNodeMarkup(pos, undefined, { ...node.attrs, dir: value })
            }
          }
          return true
        },
    }
  },

  onCreate() {
    // The menu bar is built by django-prose-editor's own onCreate; translate it after.
    setTimeout(() => translateMenu(this.editor.view.dom.closest(".prose-editor")))
  },

  addMenuItems({ menu, buttons }) {
    const labels = this.options.labels
    if (this.options.libraryUrl) {
      menu.defineItem({
        name: "library-image",
        groups: "nodes",
        button: buttons.material("photo_library", labels.library || "Image from the library"),
        command: (editor) => openLibrary(editor, this.options.libraryUrl, labels),
      })
    }
    const choices = [
      ["rtl", "format_textdirection_r_to_l", labels.rtl || "Right to left"],
      ["ltr", "format_textdirection_l_to_r", labels.ltr || "Left to right"],
    ]
    for (const [direction, icon, title] of choices) {
      menu.defineItem({
        name: `direction:${direction}`,
        groups: "direction",
        button: buttons.material(icon, title),
        command: (editor) => editor.chain().focus().setBlockDirection(direction).run(),
        active: (editor) => {
          const blocks = blocksInSelection(editor.state)
          return (
            blocks.length > 0 &&
            blocks.every(({ node }) => (node.attrs.dir || this.options.direction) === direction)
          )
        },
      })
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const { language, direction } = this.options
    return [
      new Plugin({
        props: {
          // The browser lays out, spell-checks and picks the keyboard by these.
          attributes: {
            lang: language,
            dir: direction,
            spellcheck: "true",
            "aria-label": this.options.labels.body || "",
            "aria-multiline": "true",
          },
          transformPastedHTML: (html) => cleanPastedHtml(html),
          handlePaste: (view, event) => {
            const data = event.clipboardData
            if (!data || data.types.includes("text/html")) return false
            const text = data.getData("text/plain")
            if (!text || !/\n/.test(text)) {
              if (!text) return false
              view.dispatch(view.state.tr.insertText(houseRules(text)))
              return true
            }
            // Plain text (WhatsApp, a text file, an e-mail): paragraphs, lists and quotes,
            // never one block.
            editor.commands.insertContent(textToHtml(text))
            return true
          },
        },
      }),
    ]
  },
})
