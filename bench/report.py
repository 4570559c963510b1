"""bench/results.json, bench/results.md and the table of BENCHMARKS.md from one run's results."""

import json
import os
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- results:start -->", "<!-- results:end -->"
GOALS = {
    "P1": ("Inspector's findings list, scoped ÷ unscoped", lambda r: r["ratio"] <= 1.2),
    "P2": ("Our findings list ÷ the admin changelist", lambda r: r["ratio"] <= 1.0),
    "P3": (
        "Most queries of a list page ÷ the budget of 12",
        lambda r: r["equal_for_1_and_50_rows"] and r["ratio"] <= 1,
    ),
    "P4": ("Summary figures (ORM) ÷ hand-written SQL", lambda r: r["ratio"] <= 1.5),
    "P5": ("Summary PDF, 1M findings ÷ 10k findings", lambda r: r["ratio"] <= 1.3 and r["met_absolute"]),
    "P6": (
        "Findings list ÷ trivial view, requests/s",
        lambda r: r["ratio"] >= 0.3 and r["findings_list_20_users"]["p95_ms"] < 150,
    ),
}


def machine():
    def first_line(command):
        try:
            output = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 — fixed commands
            return output.stdout.splitlines()[0]
        except (OSError, IndexError):
            return "unknown"

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "unknown",
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "postgresql": first_line(["psql", "--version"]),
    }


def _headline(name, result):
    if name == "P6":
        busiest = result["busiest_inspector"]
        return (
            f"{result['ratio']} (p95 {result['findings_list_20_users']['p95_ms']:.0f} ms at 20 users); "
            f"busiest inspector {busiest['ratio']} (p95 {busiest['findings_list_20_users']['p95_ms']:.0f} ms)"
        )
    if name == "P3":
        return f"{result['max_queries']} queries"
    if name == "P5":
        large = result["with_1m_findings"]["figures_and_pdf"]["median_ms"]
        return f"{result['ratio']} ({large / 1000:.2f} s)"
    return str(result["ratio"])


def table(results):
    lines = ["| | What | Goal | Result | Met |", "|---|---|---|---|---|"]
    for name, (what, met) in GOALS.items():
        result = results[name]
        lines.append(
            f"| {name} | {what} | {result['goal']} | {_headline(name, result)} | {'yes' if met(result) else 'no'} |"
        )
    memory = results["memory"]
    lines.append("")
    lines.append(
        f"Peak memory: web worker {memory['web_worker_peak_mb']} MB, Celery worker "
        f"{memory['celery_worker']['peak_mb']} MB. Data: {results['data']['findings']:,} findings, "
        f"{results['data']['visits']:,} visits, {results['data']['premises']:,} premises, "
        f"{results['data']['users']:,} users, {results['data']['guardian_grants']:,} guardian grants; "
        f"seeded in {results['seed_seconds']:.0f} s, whole run {results['total_seconds']:.0f} s."
    )
    m = results["machine"]
    lines.append(f"Machine: {m['cpus']} × {m['cpu']}, {m['memory_gb']} GB, Python {m['python']}, {m['postgresql']}.")
    return "\n".join(lines)


def write(results):
    for name, (_what, met) in GOALS.items():
        results[name]["met"] = bool(met(results[name]))
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (HERE / "results.md").write_text(table(results) + "\n")
    benchmarks = ROOT / "BENCHMARKS.md"
    text = benchmarks.read_text()
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    benchmarks.write_text(f"{before}{START}\n{table(results)}\n{END}{after}")
