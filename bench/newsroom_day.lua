-- wrk script: readers over the site's pages with Zipf popularity, as a news site's
-- readers spread: a few stories are read by most, a long tail by a few. Set by
-- bench/newsroom_day.py: PATHS_FILE (one article path a line, most popular first),
-- HOME_SHARE and SECTION_SHARE (fractions of requests for the home page and section
-- pages), SECTION_PATHS (space-separated), COUNT_HITS ("1": count X-Page-Cache: hit).
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  paths[#paths + 1] = line
end
local sections = {}
for path in string.gmatch(os.getenv("SECTION_PATHS") or "", "%S+") do
  sections[#sections + 1] = path
end
local home_share = tonumber(os.getenv("HOME_SHARE") or "0")
local section_share = tonumber(os.getenv("SECTION_SHARE") or "0")
local count_hits = os.getenv("COUNT_HITS") == "1"

-- Zipf (s = 1): the k-th most popular page is read 1/k as often as the first.
local cumulative, total = {}, 0
for k = 1, #paths do
  total = total + 1 / k
  cumulative[k] = total
end

local function zipf_path()
  local wanted = math.random() * total
  local low, high = 1, #paths
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < wanted then low = middle + 1 else high = middle end
  end
  return paths[low]
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  hits, counted = 0, 0
end

function request()
  local draw = math.random()
  local path
  if draw < home_share then
    path = "/ar/"
  elseif draw < home_share + section_share and #sections > 0 then
    path = sections[math.random(#sections)]
  else
    path = zipf_path()
  end
  return wrk.format("GET", path)
end

if count_hits then
  function response(status, headers, body)
    counted = counted + 1
    if headers["X-Page-Cache"] == "hit" or headers["X-Cache"] == "hit" then
      hits = hits + 1
    end
  end
end

function done(summary, latency, requests)
  local all_hits, all_counted = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + (thread:get("hits") or 0)
    all_counted = all_counted + (thread:get("counted") or 0)
  end
  if all_counted > 0 then
    io.write(string.format("hit ratio: %.4f of %d\n", all_hits / all_counted, all_counted))
  end
end
