-- Paces each connection when BENCH_THINK_MS is set: a user reading the page before the next
-- click, for a random 0.5 to 1.5 times that long, so that 20 users do not click in step. Prints
-- one line the benchmark parses: requests/s, errors and latency percentiles.
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + seed)
end

function delay()
  if think == 0 then
    return 0
  end
  return math.random(math.floor(think / 2), math.floor(think * 3 / 2))
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH rps=%.1f requests=%d errors=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f\n",
    summary.requests / (summary.duration / 1e6), summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
