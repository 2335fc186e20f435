// The order of a front layout's secondary stories and blocks: drag a row by its handle, or
// use its up and down buttons (the keyboard's way, announced to screen readers). Either
// writes each row's place into its "order" box, which is what the server reads; without
// this script the boxes are typed in by hand.
"use strict"
document.addEventListener("DOMContentLoaded", () => {
  const words = document.getElementById("front-order")
  const status = document.querySelector("[data-front-order-status]")
  if (!words) return
  const label = (name) => words.dataset[name] || ""
  let dragged = null

  const groupOf = (row) => row.closest(".inline-group")
  const rowsOf = (group) => [...group.querySelectorAll("tbody > tr.form-row:not(.empty-form)")]
  const placeBox = (row) => row.querySelector("input[name$='-position']")
  const ordered = (group) => Boolean(group.querySelector(".empty-form input[name$='-position']"))

  function renumber(group) {
    rowsOf(group).forEach((row, index) => {
      const box = placeBox(row)
      if (box) box.value = index
    })
  }

  function announce(row) {
    const rows = rowsOf(groupOf(row))
    if (status) {
      status.textContent = label("movedLabel")
        .replace("%(place)s", rows.indexOf(row) + 1)
        .replace("%(count)s", rows.length)
    }
  }

  function move(row, offset, focus) {
    const rows = rowsOf(groupOf(row))
    const target = rows[rows.indexOf(row) + offset]
    if (!target) return
    target.insertAdjacentElement(offset < 0 ? "beforebegin" : "afterend", row)
    renumber(groupOf(row))
    announce(row)
    if (focus) focus.focus()
  }

  function button(text, offset) {
    const control = document.createElement("button")
    control.type = "button"
    control.className = `front-order__move front-order__move--${offset < 0 ? "up" : "down"}`
    control.setAttribute("aria-label", text)
    control.title = text
    control.textContent = offset < 0 ? "↑" : "↓"
    control.addEventListener("click", () => move(control.closest("tr"), offset, control))
    return control
  }

  function enhance(row) {
    const box = placeBox(row)
    if (!box || row.querySelector(".front-order")) return
    const controls = document.createElement("span")
    controls.className = "front-order"
    const handle = document.createElement("span")
    handle.className = "front-order__handle"
    handle.draggable = true
    handle.title = label("dragLabel")
    handle.setAttribute("aria-hidden", "true") // the buttons are the keyboard's way
    handle.textContent = "⠿"
    handle.addEventListener("dragstart", (event) => {
      dragged = row
      row.classList.add("front-order--dragging")
      event.dataTransfer.effectAllowed = "move"
      event.dataTransfer.setData("text/plain", row.id)
      event.dataTransfer.setDragImage(row, 0, 0)
    })
    handle.addEventListener("dragend", () => {
      row.classList.remove("front-order--dragging")
      dragged = null
    })
    row.addEventListener("dragover", (event) => {
      if (dragged && dragged !== row && groupOf(dragged) === groupOf(row)) event.preventDefault()
    })
    row.addEventListener("drop", (event) => {
      if (!dragged || dragged === row || groupOf(dragged) !== groupOf(row)) return
      event.preventDefault()
      const box = row.getBoundingClientRect()
      const after = event.clientY > box.top + box.height / 2
      row.insertAdjacentElement(after ? "afterend" : "beforebegin", dragged)
      renumber(groupOf(row))
      announce(dragged)
    })
    controls.append(handle, button(label("upLabel"), -1), button(label("downLabel"), 1))
    box.after(controls)
  }

  for (const group of document.querySelectorAll(".inline-group")) {
    if (!ordered(group)) continue
    group.classList.add("front-ordered")
    rowsOf(group).forEach(enhance)
    renumber(group)
  }
  // A row added with "Add another" goes last.
  document.addEventListener("formset:added", (event) => {
    const row = event.target.closest ? event.target.closest("tr.form-row") : null
    if (!row || !ordered(groupOf(row))) return
    enhance(row)
    renumber(groupOf(row))
  })
})
