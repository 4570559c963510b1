"""Small-count suppression, independent of what is counted: which variables of a set of published
tables to hide so that no count below the threshold is shown or can be worked out from the totals.

A variable is a cell or a total, named by a string. Its weight decides primary suppression: for a
count the count itself, for a sum of money the number of premises behind it. The sums are the linear
relations a reader knows (a total equals its parts). Two checks run until neither finds anything:

- linear: a hidden variable is safe when the visible variables and the sums leave it undetermined
  (exact, with fractions, no floats);
- intervals, for sums of counts only: a reader also knows that "fewer than N" is 1 … N−1 (a zero is
  printed as 0) and that a value hidden to protect another is 0 or at least N. A total of 4 over two
  types both "fewer than 3" makes both 2. Every hidden small count must keep two possible values.
  Money is left out: its weights are premises, not the amounts that add up.

Pure Python, no Django: the tables have at most a few hundred variables.
"""

import math
from fractions import Fraction

PRIMARY = "primary"
SECONDARY = "secondary"

_UNBOUNDED = math.inf


def suppress(weights, sums, threshold):
    """Key → "primary" (weight 1 … threshold−1) or "secondary" (hidden to protect a primary one)
    for every variable to hide; visible variables are left out. Deterministic for the same input.

    `sums` holds `(total, parts)` or `(total, parts, is_count)`; `is_count` (default False) says the
    weights are the values themselves, so the interval check applies to the sum."""
    relations = [_relation(entry) for entry in sums]
    _check(weights, relations, threshold)
    rows = [_relation_row(total, parts) for total, parts, _is_count in relations]
    totals = {total for total, _parts, _is_count in relations}
    counted = [(total, parts) for total, parts, is_count in relations if is_count]
    hidden = {key: PRIMARY for key in sorted(weights) if 0 < weights[key] < threshold}
    # Small counts that the labels alone give away (with a threshold of 2, "fewer than 2" is 1;
    # a total "fewer than 3" over two parts "fewer than 3" makes both 1): hiding more cannot help.
    everything = {key: hidden.get(key, SECONDARY) for total, parts in counted for key in (total, *parts)}
    beyond_help = narrowed_to_one(counted, weights, everything, threshold)
    while True:
        extra = _linear_fix(rows, weights, relations, totals, hidden)
        if extra is None:
            leaking = sorted(narrowed_to_one(counted, weights, hidden, threshold) - beyond_help)
            extra = _interval_fix(leaking[0], counted, weights, totals, hidden) if leaking else None
        if extra is None:
            return hidden
        hidden[extra] = SECONDARY


def determined_variables(rows, hidden):
    """The hidden variables whose value follows from the visible ones through the relation rows.

    Variable i is determined iff every vector of the null space of the rows restricted to the hidden
    columns is 0 at i; in reduced row echelon form: i is a pivot whose row has no other nonzero entry.
    """
    columns = sorted(hidden)
    matrix = [[Fraction(row.get(key, 0)) for key in columns] for row in rows]
    matrix = [line for line in matrix if any(line)]
    pivots = _reduce(matrix, len(columns))
    return {
        columns[column]
        for line, column in zip(matrix, pivots, strict=False)
        if all(value == 0 for position, value in enumerate(line) if position != column)
    }


def narrowed_to_one(counted, weights, hidden, threshold):
    """The primary variables that the count sums `counted` ((total, parts) pairs) leave one value.

    Each variable's possible values are a union of intervals: a visible one its value, a primary one
    1 … threshold−1, a secondary one 0 or threshold … ∞. Every sum narrows each of its variables to
    what the others allow, until nothing changes. Where the sums form a hierarchy (two sums share at
    most one variable, and no cycle) what is left is exactly what some assignment of all hidden
    values reaches; elsewhere it may be more, and the rounds are bounded."""
    small, covering = _normal([(1, threshold - 1)]), _normal([(0, 0), (threshold, _UNBOUNDED)])
    domains = {
        key: (small if hidden[key] == PRIMARY else covering) if key in hidden else ((weights[key], weights[key]),)
        for total, parts in counted
        for key in (total, *parts)
    }
    for _round in range(2 * len(counted) + 2):
        changed = [_narrow(total, parts, domains) for total, parts in counted]
        if not any(changed):
            break
    return {
        key
        for key, domain in domains.items()
        if hidden.get(key) == PRIMARY and len(domain) == 1 and domain[0][0] == domain[0][1]
    }


# --- The linear check ----------------------------------------------------------------------------


def _linear_fix(rows, weights, relations, totals, hidden):
    """The variable to hide next so that the smallest determined one is no longer; None if none is."""
    determined = determined_variables(rows, hidden)
    if not determined:
        return None
    # None only for a degenerate set of sums (a part forced to 0): nothing left to hide around it.
    return _next_to_hide(min(determined), weights, relations, totals, hidden)


def _reduce(matrix, width):
    """Bring `matrix` to reduced row echelon form in place; the pivot column of each leading row."""
    pivots = []
    for column in range(width):
        row = len(pivots)
        source = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if source is None:
            continue
        matrix[row], matrix[source] = matrix[source], matrix[row]
        lead = matrix[row][column]
        matrix[row] = [value / lead for value in matrix[row]]
        for other in range(len(matrix)):
            factor = matrix[other][column]
            if other != row and factor != 0:
                matrix[other] = [a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)]
        pivots.append(column)
    return pivots


def _relation_row(total, parts):
    """total = Σ parts as a row of coefficients: total − Σ parts = 0."""
    row = {total: 1}
    for part in parts:
        row[part] = row.get(part, 0) - 1
    return {key: coefficient for key, coefficient in row.items() if coefficient != 0}


def _order(weights, totals):
    return lambda key: (weights[key], key in totals, key)


def _next_to_hide(determined, weights, relations, totals, hidden):
    """The visible variable to hide next so `determined` may no longer be worked out: a nonzero
    neighbour in one of its sums, smallest first (cells before totals, then by key)."""
    neighbours = {
        key
        for total, parts, _is_count in relations
        if determined == total or determined in parts
        for key in (total, *parts)
        if key not in hidden
    }
    order = _order(weights, totals)
    nonzero = [key for key in neighbours if weights[key] > 0]
    if nonzero:
        return min(nonzero, key=order)
    if neighbours:
        return min(neighbours, key=order)
    anywhere = [key for key in weights if key not in hidden and weights[key] > 0]
    return min(anywhere, key=order) if anywhere else None


# --- The interval check --------------------------------------------------------------------------


def _interval_fix(primary, counted, weights, totals, hidden):
    """The variable to hide so that `primary` may keep two values: a visible nonzero part of a sum
    through it (smallest first, cells before totals), else the total of such a sum; failing both,
    the same one sum further out, through the hidden variables; a zero last."""
    order = _order(weights, totals)
    reached, frontier, used = {primary}, {primary}, set()
    while frontier:
        layer = [
            index
            for index, (total, parts) in enumerate(counted)
            if index not in used and (total in frontier or frontier.intersection(parts))
        ]
        used.update(layer)
        parts = [part for index in layer for part in counted[index][1] if part not in hidden and weights[part] > 0]
        if parts:
            return min(parts, key=order)
        layer_totals = [counted[index][0] for index in layer if counted[index][0] not in hidden]
        if layer_totals:
            return min(layer_totals, key=order)
        # A visible value is a constant: what lies beyond it does not bear on `primary`.
        frontier = {key for index in layer for key in (counted[index][0], *counted[index][1]) if key in hidden}
        frontier -= reached
        reached |= frontier
    zeros = [key for index in used for key in counted[index][1] if key not in hidden]
    return min(zeros, key=order) if zeros else None


def _narrow(total, parts, domains):
    """Narrow total = Σ parts: each variable to what the others allow. True if a domain changed."""
    before = [domains[total], *(domains[part] for part in parts)]
    prefix = [((0, 0),)]
    for part in parts:
        prefix.append(_add(prefix[-1], domains[part]))
    suffix = [((0, 0),)]
    for part in reversed(parts):
        suffix.append(_add(suffix[-1], domains[part]))
    suffix.reverse()
    domains[total] = _intersect(domains[total], prefix[-1])
    for index, part in enumerate(parts):
        others = _add(prefix[index], suffix[index + 1])
        domains[part] = _intersect(domains[part], _add(domains[total], _negate(others)))
    return before != [domains[total], *(domains[part] for part in parts)]


def _normal(intervals):
    """Sorted, disjoint integer intervals (low, high), touching ones merged; high may be ∞."""
    merged = []
    for low, high in sorted(interval for interval in intervals if interval[0] <= interval[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _add(first, second):
    return _normal([(a + c, b + d) for a, b in first for c, d in second])


def _negate(domain):
    return _normal([(-high, -low) for low, high in domain])


def _intersect(first, second):
    return _normal([(max(a, c), min(b, d)) for a, b in first for c, d in second])


# --- Input ----------------------------------------------------------------------------------------


def _relation(entry):
    """(total, parts, is_count) from a sum given as (total, parts) or (total, parts, is_count)."""
    if len(entry) == 2:
        total, parts = entry
        return total, list(parts), False
    total, parts, is_count = entry
    return total, list(parts), bool(is_count)


def _check(weights, relations, threshold):
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    unknown = sorted({key for total, parts, _c in relations for key in (total, *parts)} - weights.keys())
    if unknown:
        raise ValueError(f"sums name variables without a weight: {', '.join(unknown)}")
    negative = sorted(key for key, weight in weights.items() if weight < 0)
    if negative:
        raise ValueError(f"negative weights: {', '.join(negative)}")
    for total, parts, is_count in relations:
        if is_count and (total in parts or len(set(parts)) != len(parts)):
            raise ValueError(f"a count sum names a variable twice: {total}")
        if is_count and weights[total] != sum(weights[part] for part in parts):
            raise ValueError(f"the counts of {total} do not add up")
