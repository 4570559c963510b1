"""What the write load must show, held against the database after the run: every finding the
server confirmed is there exactly once, nothing else is, and a form sent twice recorded once."""

import statistics
from collections import Counter
from dataclasses import dataclass

from bench.users import _percentile


@dataclass(frozen=True)
class Row:
    """A finding at the load's visit, as the database holds it."""

    pk: int
    note: str
    submission_key: str
    username: str


def problems(submissions, rows, errors):
    """Every way the run went wrong, in words; empty when it did not."""
    found = list(errors)
    confirmed = [s for s in submissions if s.finding_id is not None]
    if not confirmed:
        found.append("no finding was recorded at all")
    for kind in ("after", "together"):
        if not any(s.resent == kind for s in confirmed):
            found.append(f"no form was sent twice ({kind}): the guard against a second send was not tried")

    forms = Counter(s.key for s in submissions)
    found += [f"the form key {key} was handed out {n} times" for key, n in forms.items() if n > 1]
    notes, keys = Counter(r.note for r in rows), Counter(r.submission_key for r in rows if r.submission_key)
    found += [f"the note {note} is in the database {n} times" for note, n in notes.items() if n > 1]
    found += [f"the submission key {key} is in the database {n} times" for key, n in keys.items() if n > 1]
    keyless = sum(1 for r in rows if not r.submission_key)
    if keyless:
        found.append(f"{keyless} findings at the visit carry no submission key")
    if len(rows) != len(confirmed):
        found.append(f"{len(rows)} findings in the database for {len(confirmed)} confirmed submissions")

    by_pk = {r.pk: r for r in rows}
    for s in confirmed:
        row = by_pk.get(s.finding_id)
        if row is None:
            found.append(f"lost: finding {s.finding_id} ({s.token}) was confirmed but is not in the database")
        else:
            expected = {"note": s.token, "submission key": s.key, "recorded by": s.username}
            held = {"note": row.note, "submission key": row.submission_key, "recorded by": row.username}
            wrong = [
                f"{name} {held[name]!r}, not {expected[name]!r}" for name in expected if held[name] != expected[name]
            ]
            if wrong:
                found.append(f"finding {s.finding_id}: " + "; ".join(wrong))
        if any(other != s.finding_id for other in s.resent_finding_ids):
            found.append(
                f"the form of {s.token}, sent twice ({s.resent}), went to {s.finding_id} and {s.resent_finding_ids}"
            )
    unconfirmed = set(notes) - {s.token for s in confirmed}
    found += [f"the note {note} is in the database but its form was not confirmed" for note in sorted(unconfirmed)]
    return found


def figures(latencies, elapsed):
    """Requests per second and latency percentiles (ms), of all requests and per method."""
    result = {"requests": len(latencies), "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0}
    for label, chosen in (("all", latencies), *((m, [x for x in latencies if x[0] == m]) for m in ("GET", "POST"))):
        seconds = [s for _method, s in chosen]
        if seconds:
            result[label] = {
                "p50_ms": round(statistics.median(seconds) * 1000, 1),
                "p95_ms": round(_percentile(sorted(seconds), 0.95) * 1000, 1),
                "max_ms": round(max(seconds) * 1000, 1),
            }
    return result
