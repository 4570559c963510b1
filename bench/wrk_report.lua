-- Prints one line the benchmark parses: requests/s, errors and latency percentiles.
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH rps=%.1f requests=%d errors=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f\n",
    summary.requests / (summary.duration / 1e6), summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
