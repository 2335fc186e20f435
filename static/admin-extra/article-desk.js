// The article form's desk: word count and reading time under each body, length counters
// for titles and standfirsts, and an autosave of the text every 30 seconds (kept for this
// editor only, never published; the page offers to restore it after a lost tab).
"use strict"
document.addEventListener("DOMContentLoaded", () => {
  const desk = document.getElementById("article-desk")
  const form = document.getElementById("article_form")
  if (!desk || !form) return
  const label = (name) => desk.dataset[name] || ""
  // Words a minute: Arabic text is read more slowly than English (shorter words, more of them).
  const WORDS_PER_MINUTE = { ar: 180, en: 230 }
  const RECOMMENDED = { title: 110, standfirst: 300 }

  function counter(after) {
    const output = document.createElement("div")
    output.className = "article-counts"
    output.setAttribute("aria-live", "polite")
    after.after(output)
    return output
  }

  function wordsIn(html) {
    const text = new DOMParser().parseFromString(html, "text/html").body.textContent || ""
    return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
  }

  for (const body of form.querySelectorAll("textarea[name^='body_']")) {
    const language = body.name.slice("body_".length)
    const output = counter(body.closest(".prose-editor") || body)
    const update = () => {
      const words = wordsIn(body.value)
      const minutes = Math.max(1, Math.round(words / (WORDS_PER_MINUTE[language] || 200)))
      output.textContent = `${label("wordsLabel")} ${words.toLocaleString()} · ${label("readingLabel")} ${minutes} ${label("minutesLabel")}`
    }
    body.addEventListener("input", update)
    // The editor wraps the textarea after this script runs: place the counter again then.
    document.addEventListener("prose-editor:ready", () => (body.closest(".prose-editor") || body).after(output))
    update()
  }

  for (const [prefix, limit] of Object.entries(RECOMMENDED)) {
    for (const field of form.querySelectorAll(`[name^='${prefix}_']`)) {
      const output = counter(field)
      const update = () => {
        const length = [...field.value].length
        const hard = field.maxLength > 0 ? ` / ${field.maxLength}` : ""
        output.textContent = `${label("charactersLabel")} ${length}${hard}` + (length > limit ? ` (${label("longLabel")})` : "")
        output.classList.toggle("article-counts--over", length > limit)
      }
      field.addEventListener("input", update)
      update()
    }
  }

  // The editor's publishing button says what pressing it will do: "Schedule" while the
  // publish time is ahead, "Publish" otherwise. The server decides by the same time
  // whatever the button was called, so a time it cannot read here leaves the name alone.
  const publishing = form.querySelector("button[data-follows-time]")
  const day = form.elements.published_at_0
  const hour = form.elements.published_at_1
  if (publishing && day && hour) {
    const digits = (text) => text.trim().replace(/[٠-٩]/g, (digit) => "٠١٢٣٤٥٦٧٨٩".indexOf(digit))
    // The fields hold the site's time, not the browser's: the admin gives its UTC offset.
    const serverOffset = Number(document.body.dataset.adminUtcOffset) || 0
    const typedTime = () => {
      const date = digits(day.value).match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/)
      const time = digits(hour.value).match(/^(\d{1,2}):(\d{2})(?::(\d{2}))?$/)
      if (!date || !time) return null
      const [, y, m, d] = date.map(Number)
      const [, hh, mm, ss] = time.map((part) => Number(part || 0))
      return Date.UTC(y, m - 1, d, hh, mm, ss) - serverOffset * 1000
    }
    const name = (step) => {
      publishing.value = step
      publishing.textContent = publishing.dataset[`${step}Label`]
    }
    const rename = () => {
      if (!day.value.trim() && !hour.value.trim()) return name("publish")
      const at = typedTime()
      if (at !== null) name(at > Date.now() ? "schedule" : "publish")
    }
    form.addEventListener("input", rename)
    form.addEventListener("change", rename)
    // The calendar and "Now" links set the fields without an event.
    form.addEventListener("click", () => setTimeout(rename))
    setInterval(rename, 15000) // a time just ahead comes due while the page is open
    rename()
  }

  // Autosave.
  const url = desk.dataset.autosaveUrl
  const token = form.querySelector("input[name='csrfmiddlewaretoken']")
  if (!url || !token) return
  const names = [...form.elements].map((el) => el.name).filter((name) => /^(title|standfirst|body)_/.test(name))
  const snapshot = () => JSON.stringify(names.map((name) => form.elements[name].value))
  let saved = snapshot()
  const status = document.createElement("p")
  status.className = "article-counts autosave-status"
  status.setAttribute("role", "status")
  form.querySelector(".submit-row")?.before(status)

  async function save() {
    const now = snapshot()
    if (now === saved) return
    const data = new FormData()
    data.append("article", desk.dataset.article || "")
    // The revision this text was typed on: restoring it later is checked against newer saves.
    if (form.elements.based_on) data.append("based_on", form.elements.based_on.value)
    for (const name of names) data.append(name, form.elements[name].value)
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
      })
      if (!response.ok) return
      const { at } = await response.json()
      saved = now
      status.textContent = `${label("savedLabel")} ${at}`
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }
  setInterval(save, (Number(desk.dataset.autosaveSeconds) || 30) * 1000)
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && save())

  // The edit lock: a heartbeat while the page is open, a release when it is left, and the
  // news that an editor took the article over (the text typed here is autosaved at once).
  const lockUrl = desk.dataset.lockUrl
  if (!lockUrl) return
  const lockData = (action) => {
    const data = new FormData()
    data.append("action", action)
    data.append("csrfmiddlewaretoken", token.value)
    return data
  }
  let mine = !document.querySelector("[data-lock-banner]")
  async function beat() {
    try {
      const response = await fetch(lockUrl, { method: "POST", body: lockData("heartbeat"), credentials: "same-origin" })
      if (!response.ok) return
      const { state, holder } = await response.json()
      if (mine && state === "other") {
        mine = false
        saved = ""  // force the autosave of what is on the page
        await save()
        const banner = document.createElement("div")
        banner.className = "errornote desk-lock"
        banner.setAttribute("role", "alert")
        banner.textContent = label("takenOverLabel").replace("%(name)s", holder)
        form.prepend(banner)
        for (const button of form.querySelectorAll("input[type=submit], button[type=submit]")) button.disabled = true
      }
    } catch {
      // Offline for a moment: the next beat tries again.
    }
  }
  const seconds = Math.max(5, Math.min(30, (Number(desk.dataset.lockSeconds) || 120) / 3))
  setInterval(beat, seconds * 1000)
  window.addEventListener("pagehide", () => {
    if (mine) navigator.sendBeacon(lockUrl, lockData("release"))
  })
  document.querySelector("[data-take-over]")?.addEventListener("click", async () => {
    const response = await fetch(lockUrl, { method: "POST", body: lockData("take_over"), credentials: "same-origin" })
    if (response.ok) window.location.reload()
  })
})
