-- wrk script: every request posts a new comment to the seed article, as a reader's
-- browser would from the site's page (Sec-Fetch-Site, the form's timed token), each with
-- its own text, email and client address so that duplicate checks and rate limits do not
-- turn it away. Set by bench/serve_speed.py: POST_PATH, FORM_TOKEN, and POST_RUN, a number
-- of its own for every run so that no run repeats another's comments.
local path = os.getenv("POST_PATH")
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Sec-Fetch-Site"] = "same-origin",
}
local fixed = "token=" .. os.getenv("FORM_TOKEN")
  .. "&author=%D9%82%D8%A7%D8%B1%D8%A6&url=&parent=&address="
local run = tonumber(os.getenv("POST_RUN"))
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function request()
  counter = counter + 1
  local id = (run * 16 + thread_number) * 1000000 + counter
  headers["X-Forwarded-For"] = string.format("%d.%d.%d.%d", 10 + math.floor(id / 16777216) % 200,
    math.floor(id / 65536) % 256, math.floor(id / 256) % 256, id % 256)
  -- "تعليق القارئ رقم <id> على هذا الخبر"
  local body = fixed .. "&email=reader" .. id .. "%40example.com"
    .. "&comment=%D8%AA%D8%B9%D9%84%D9%8A%D9%82+%D8%A7%D9%84%D9%82%D8%A7%D8%B1%D8%A6+%D8%B1%D9%82%D9%85+"
    .. id .. "+%D8%B9%D9%84%D9%89+%D9%87%D8%B0%D8%A7+%D8%A7%D9%84%D8%AE%D8%A8%D8%B1"
  return wrk.format("POST", path, headers, body)
end
