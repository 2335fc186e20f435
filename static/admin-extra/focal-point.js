// The focal point of a library image: a click (or the arrow keys) on the picture sets the
// two hidden numbers the form saves, and the crop previews show what each shape keeps.
// The crop is the one articles/media/library.py makes: the largest box of the shape, centred on
// the point as far as the picture's edges allow.
"use strict"
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".focal-picker")
  const inputX = document.getElementById("id_focal_x")
  const inputY = document.getElementById("id_focal_y")
  if (!picker || !inputX || !inputY) return
  const frame = picker.querySelector(".focal-picker__frame")
  const mark = picker.querySelector(".focal-picker__mark")
  const width = Number(picker.dataset.width)
  const height = Number(picker.dataset.height)
  frame.tabIndex = 0
  frame.setAttribute("role", "application")
  frame.setAttribute("aria-label", frame.querySelector("img").alt)

  function cropBox(shape, fx, fy) {
    const [across, down] = shape.split(":").map(Number)
    const ratio = across / down
    let cropW = width / height <= ratio ? width : Math.round(height * ratio)
    let cropH = width / height <= ratio ? Math.round(width / ratio) : height
    cropW = Math.min(cropW, width)
    cropH = Math.min(cropH, height)
    const left = Math.min(Math.max(Math.round(fx * width - cropW / 2), 0), width - cropW)
    const top = Math.min(Math.max(Math.round(fy * height - cropH / 2), 0), height - cropH)
    return { left, top, cropW, cropH }
  }

  function show() {
    const fx = Number(inputX.value)
    const fy = Number(inputY.value)
    // The picture's own coordinates run left to right whatever the admin's language.
    mark.style.insetInlineStart = `${fx * 100}%`
    mark.style.insetBlockStart = `${fy * 100}%`
    for (const preview of picker.querySelectorAll(".focal-preview")) {
      const { left, top, cropW, cropH } = cropBox(preview.dataset.shape, fx, fy)
      const px = width > cropW ? (left / (width - cropW)) * 100 : 50
      const py = height > cropH ? (top / (height - cropH)) * 100 : 50
      preview.querySelector("img").style.objectPosition = `${px}% ${py}%`
    }
  }

  function set(fx, fy) {
    inputX.value = Math.min(Math.max(fx, 0), 1).toFixed(3)
    inputY.value = Math.min(Math.max(fy, 0), 1).toFixed(3)
    show()
  }

  inputX.addEventListener("input", show)
  inputY.addEventListener("input", show)
  frame.addEventListener("click", (event) => {
    const box = frame.querySelector("img").getBoundingClientRect()
    set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height)
  })
  frame.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 0.1 : 0.02
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }
    const move = moves[event.key]
    if (!move) return
    event.preventDefault()
    set(Number(inputX.value) + move[0], Number(inputY.value) + move[1])
  })
  show()
})
