-- wrk script for scripts/soak.sh: each request is a random address from $SOAK_URLS
-- (one path per line); counts responses by status and prints a summary.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("SOAK_URLS")) do
    table.insert(paths, line)
  end
  statuses = {}
  math.randomseed(os.time() + math.random(1000))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local by_class = {["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0}
  for status, count in pairs(total) do
    local class = math.floor(status / 100) .. "xx"
    by_class[class] = (by_class[class] or 0) + count
  end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  print(string.format("requests %d in %.1f s: %.1f req/s", summary.requests, seconds,
    summary.requests / seconds))
  print(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  print(string.format("responses 2xx %d, 3xx %d, 4xx %d, 5xx %d", by_class["2xx"],
    by_class["3xx"], by_class["4xx"], by_class["5xx"]))
  print(string.format("socket errors: connect %d, read %d, write %d, timeout %d",
    errors.connect, errors.read, errors.write, errors.timeout))
end
