"""The suppression engine: small counts hidden, and enough others that no total gives them away.

The property tests check the engine's result with methods of their own (the rank of the relations
restricted to the hidden variables; every assignment of the hidden cells of a tiny table), so a
mistake in the engine's elimination or its intervals cannot hide itself.
"""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import PRIMARY, SECONDARY, suppress

# No example database: the tests leave no folder behind in the checkout.
FAST = settings(max_examples=200, deadline=None, database=None)


# --- an independent check: rank([A_h; e_i]) == rank(A_h) means hidden variable i can be worked out ---


def rank(rows):
    """The rank of a list of rows of numbers, by plain Gaussian elimination over fractions."""
    matrix = [[Fraction(value) for value in row] for row in rows]
    found = 0
    for column in range(len(matrix[0]) if matrix else 0):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(found + 1, len(matrix)):
            factor = matrix[r][column] / matrix[found][column]
            matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
        found += 1
    return found


def recoverable(hidden, sums):
    """The hidden variables a reader could compute from the visible ones and the sums."""
    columns = sorted(hidden)
    rows = []
    for total, parts, *_is_count in sums:
        row = [0] * len(columns)
        for position, key in enumerate(columns):
            row[position] = (key == total) - parts.count(key)
        rows.append(row)
    base = rank(rows)
    unit = [[int(position == index) for position in range(len(columns))] for index in range(len(columns))]
    return {key for key, e in zip(columns, unit, strict=True) if rank([*rows, e]) == base}


def assert_safe(weights, sums, threshold):
    hidden = suppress(weights, sums, threshold)
    shown_small = [key for key, weight in weights.items() if key not in hidden and 0 < weight < threshold]
    assert shown_small == []
    assert recoverable(hidden, sums) == set()
    assert {key for key, why in hidden.items() if why == PRIMARY} == {
        key for key, weight in weights.items() if 0 < weight < threshold
    }
    return hidden


# --- generated tables -----------------------------------------------------------------------------

values = st.integers(min_value=0, max_value=12)
thresholds = st.integers(min_value=2, max_value=5)


def two_level(rows):
    """Cells r<i>.c<j>, row totals r<i>, a grand total; weights are the counts."""
    weights, sums = {}, []
    for i, cells in enumerate(rows):
        for j, value in enumerate(cells):
            weights[f"r{i}.c{j}"] = value
        weights[f"r{i}"] = sum(cells)
        sums.append((f"r{i}", [f"r{i}.c{j}" for j in range(len(cells))]))
    weights["total"] = sum(map(sum, rows))
    sums.append(("total", [f"r{i}" for i in range(len(rows))]))
    return weights, sums


def two_way(grid):
    """Cells c<i>.<j> with row totals, column totals and a grand total equal to both."""
    weights, sums = {}, []
    width = len(grid[0])
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            weights[f"c{i}.{j}"] = value
        weights[f"row{i}"] = sum(row)
        sums.append((f"row{i}", [f"c{i}.{j}" for j in range(width)]))
    for j in range(width):
        weights[f"col{j}"] = sum(row[j] for row in grid)
        sums.append((f"col{j}", [f"c{i}.{j}" for i in range(len(grid))]))
    weights["total"] = sum(map(sum, grid))
    sums.append(("total", [f"row{i}" for i in range(len(grid))]))
    sums.append(("total", [f"col{j}" for j in range(width)]))
    return weights, sums


hierarchies = st.lists(st.lists(values, min_size=1, max_size=5), min_size=1, max_size=5)
grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.lists(values, min_size=width, max_size=width), min_size=1, max_size=5)
)


@FAST
@given(hierarchies, thresholds)
def test_no_small_count_is_shown_or_recoverable_in_a_two_level_table(rows, threshold):
    weights, sums = two_level(rows)
    hidden = assert_safe(weights, sums, threshold)
    for total, parts in sums:
        if total not in hidden:
            assert weights[total] == sum(weights[part] for part in parts)


@FAST
@given(grids, thresholds)
def test_no_small_count_is_shown_or_recoverable_in_a_table_with_row_and_column_totals(grid, threshold):
    weights, sums = two_way(grid)
    hidden = assert_safe(weights, sums, threshold)
    for total, parts in sums:
        if total not in hidden:
            assert weights[total] == sum(weights[part] for part in parts)


@FAST
@given(hierarchies, thresholds, st.randoms(use_true_random=False))
def test_weights_that_do_not_add_up_like_premises_behind_money_are_protected_too(rows, threshold, random):
    # Amounts add up, but the premises behind them (the weights) need not.
    weights, sums = two_level(rows)
    weights = {key: random.randint(0, 12) for key in weights}
    assert_safe(weights, sums, threshold)


@FAST
@given(grids, thresholds)
def test_the_same_table_gives_the_same_result_whatever_the_order_of_its_keys(grid, threshold):
    weights, sums = two_way(grid)
    first = suppress(weights, sums, threshold)
    assert suppress(weights, sums, threshold) == first
    reversed_weights = dict(reversed(weights.items()))
    reversed_sums = [(total, list(reversed(parts))) for total, parts in reversed(sums)]
    assert suppress(reversed_weights, reversed_sums, threshold) == first


# --- examples -------------------------------------------------------------------------------------


def test_it_hides_a_small_cell_and_the_smallest_other_cell_of_its_row():
    weights = {"a": 5, "b": 2, "c": 7, "total": 14}
    assert suppress(weights, [("total", ["a", "b", "c"])], 3) == {"b": PRIMARY, "a": SECONDARY}


def test_it_hides_up_an_agency_by_category_hierarchy_until_nothing_can_be_worked_out():
    # Skatteverket's only category has 2 findings, so its total is 2 as well; the grand total
    # minus Räddningstjänsten would give it away, and Räddningstjänsten's total its categories.
    weights = {"tax.staff": 2, "tax": 2, "fire.exits": 4, "fire.alarm": 5, "fire": 9, "all": 11}
    sums = [("tax", ["tax.staff"]), ("fire", ["fire.exits", "fire.alarm"]), ("all", ["tax", "fire"])]
    assert suppress(weights, sums, 3) == {
        "tax": PRIMARY,
        "tax.staff": PRIMARY,
        "fire": SECONDARY,
        "fire.exits": SECONDARY,
    }


def test_a_sum_of_money_from_one_premises_is_hidden_with_the_other_agency_while_the_total_stays():
    # 1 500 000 kr wrongly paid from 7 premises: 6 behind one agency's part, 1 behind the other's.
    weights = {"wrongly_paid": 7, "wrongly_paid.af": 6, "wrongly_paid.fk": 1}
    hidden = suppress(weights, [("wrongly_paid", ["wrongly_paid.af", "wrongly_paid.fk"])], 3)
    assert hidden == {"wrongly_paid.fk": PRIMARY, "wrongly_paid.af": SECONDARY}


def test_zero_cells_stay_visible_and_are_not_chosen_to_protect_a_small_one():
    weights = {"a": 0, "b": 2, "c": 5, "total": 7}
    assert suppress(weights, [("total", ["a", "b", "c"])], 3) == {"b": PRIMARY, "c": SECONDARY}


def test_a_cell_is_protected_even_when_every_row_and_column_through_it_hides_two():
    # Two blocks of four small cells joined by one small cell: each row and column has two hidden
    # cells or more, yet rows 0–1 minus columns 0–1 give the joining cell away.
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    grid = [[1 if (i, j) in small else 9 for j in range(4)] for i in range(4)]
    weights, sums = two_way(grid)
    primaries = {key for key, weight in weights.items() if weight < 3}
    assert recoverable(primaries, sums) == {"c1.2"}
    hidden = assert_safe(weights, sums, 3)
    assert len(hidden) > len(primaries)


def test_it_falls_back_to_a_zero_cell_when_nothing_else_can_be_hidden():
    weights = {"a": 0, "b": 2, "total": 0}
    assert suppress(weights, [("total", ["a", "b"])], 3) == {"b": PRIMARY, "a": SECONDARY}


def test_it_hides_nothing_when_every_count_reaches_the_threshold():
    weights = {"a": 3, "b": 4, "c": 0, "total": 7}
    assert suppress(weights, [("total", ["a", "b", "c"])], 3) == {}


def test_a_threshold_of_five_hides_four():
    weights = {"a": 4, "b": 5, "c": 9, "total": 18}
    assert suppress(weights, [("total", ["a", "b", "c"])], 5) == {"a": PRIMARY, "b": SECONDARY}
    assert suppress(weights, [("total", ["a", "b", "c"])], 3) == {}


def test_a_lone_small_count_needs_no_partner():
    assert suppress({"persons": 2, "visits": 40}, [], 3) == {"persons": PRIMARY}


# --- a reader who knows what "fewer than N" and "hidden" mean -------------------------------------
# "fewer than N" is 1 … N−1 (a zero is printed as 0), "hidden" is 0 or at least N.


def test_a_total_of_four_over_two_types_fewer_than_three_hides_the_total():
    # Both types "fewer than 3" and 4 in all: each must be 2, unless the total is hidden too.
    weights = {"premises": 4, "car_wash": 2, "kiosk": 2, "barber": 0}
    sums = [("premises", ["car_wash", "kiosk", "barber"], True)]
    assert suppress(weights, sums, 3) == {"car_wash": PRIMARY, "kiosk": PRIMARY, "premises": SECONDARY}


def test_an_agency_total_of_three_over_three_categories_fewer_than_three_is_hidden():
    weights = {"tax": 3, "tax.ledger": 1, "tax.register": 1, "tax.permit": 1}
    sums = [("tax", ["tax.ledger", "tax.register", "tax.permit"], True)]
    assert suppress(weights, sums, 3) == {
        "tax.ledger": PRIMARY,
        "tax.register": PRIMARY,
        "tax.permit": PRIMARY,
        "tax": SECONDARY,
    }


def test_a_visible_part_is_hidden_before_the_total():
    # 8 − 5 = 3 over two small types makes both… 1 and 2 or 2 and 1: fine. 7 − 5 = 2 makes both 1.
    weights = {"premises": 7, "car_repair": 5, "car_wash": 1, "kiosk": 1}
    sums = [("premises", ["car_repair", "car_wash", "kiosk"], True)]
    assert suppress(weights, sums, 3) == {"car_wash": PRIMARY, "kiosk": PRIMARY, "car_repair": SECONDARY}
    weights = {"premises": 8, "car_repair": 5, "car_wash": 1, "kiosk": 2}
    assert suppress(weights, sums, 3) == {"car_wash": PRIMARY, "kiosk": PRIMARY}


def test_a_hidden_total_is_protected_by_its_own_total_in_turn():
    weights = {"all": 10, "tax": 3, "tax.a": 1, "tax.b": 1, "tax.c": 1, "fire": 7, "fire.x": 7}
    sums = [
        ("tax", ["tax.a", "tax.b", "tax.c"], True),
        ("fire", ["fire.x"], True),
        ("all", ["tax", "fire"], True),
    ]
    hidden = suppress(weights, sums, 3)
    assert hidden == {
        "tax.a": PRIMARY,
        "tax.b": PRIMARY,
        "tax.c": PRIMARY,
        "tax": SECONDARY,
        "fire": SECONDARY,
        "fire.x": SECONDARY,
    }
    assert assignments_of(weights, ["tax.a", "tax.b", "tax.c", "fire.x"], sums, hidden, 3)["tax.a"] == {1, 2}


def test_sums_without_the_count_mark_are_checked_linearly_only():
    # Money: the weights are premises, not amounts that add up, so the intervals say nothing.
    weights = {"premises": 4, "car_wash": 2, "kiosk": 2}
    assert suppress(weights, [("premises", ["car_wash", "kiosk"])], 3) == {"car_wash": PRIMARY, "kiosk": PRIMARY}
    assert suppress(weights, [("premises", ["car_wash", "kiosk"], False)], 3) == {
        "car_wash": PRIMARY,
        "kiosk": PRIMARY,
    }


def test_what_the_labels_alone_give_away_is_not_chased_through_the_table():
    # A total "fewer than 3" over two parts "fewer than 3": both are 1 however much else is hidden,
    # so nothing else is hidden for them.
    weights = {"all": 12, "tax": 2, "tax.a": 1, "tax.b": 1, "fire": 10, "fire.x": 4, "fire.y": 6}
    sums = [("tax", ["tax.a", "tax.b"], True), ("fire", ["fire.x", "fire.y"], True), ("all", ["tax", "fire"], True)]
    hidden = suppress(weights, sums, 3)
    assert {key for key, why in hidden.items() if why == PRIMARY} == {"tax", "tax.a", "tax.b"}
    # Only what the linear check needs: the fire total, and a fire cell with it.
    assert {key for key, why in hidden.items() if why == SECONDARY} == {"fire", "fire.x"}


def test_it_refuses_count_sums_that_do_not_add_up():
    with pytest.raises(ValueError, match="do not add up"):
        suppress({"a": 1, "b": 1, "total": 3}, [("total", ["a", "b"], True)], 3)


# --- the property: no hidden small count is left a single possible value ---------------------------

# Any secondary value above this is not tried: an assignment the brute force misses can only make it
# report a value as unique that is not, never the other way, so a cap cannot let a leak pass.
SPARE = 6


def assignments_of(weights, leaves, sums, hidden, threshold):
    """Every value each hidden primary variable takes, over all assignments of the hidden `leaves`
    that agree with what is published: visible values, "fewer than N" and "hidden". By enumeration,
    totals recomputed from the leaves beneath them, no intervals and no linear algebra."""
    beneath = {}
    for total, parts, *_count in sums:
        beneath[total] = [leaf for part in parts for leaf in beneath.get(part, [part])]

    def allowed(key, value):
        if key not in hidden:
            return value == weights[key]
        if hidden[key] == PRIMARY:
            return 0 < value < threshold
        return value == 0 or value >= threshold

    def candidates(leaf):
        if leaf not in hidden:
            return [weights[leaf]]
        bounds = [weights[t] for t, under in beneath.items() if leaf in under and t not in hidden]
        bounds += [threshold - 1 for t, under in beneath.items() if leaf in under and hidden.get(t) == PRIMARY]
        bound = min(bounds, default=threshold + SPARE)
        return [value for value in range(bound + 1) if allowed(leaf, value)]

    seen = {key: set() for key, why in hidden.items() if why == PRIMARY}
    for values in itertools.product(*(candidates(leaf) for leaf in leaves)):
        assignment = dict(zip(leaves, values, strict=True))
        assignment |= {total: sum(assignment[leaf] for leaf in under) for total, under in beneath.items()}
        if all(allowed(total, assignment[total]) for total in beneath):
            for key in seen:
                seen[key].add(assignment[key])
    return seen


def one_level_counts(cells):
    weights = {f"c{j}": value for j, value in enumerate(cells)} | {"total": sum(cells)}
    leaves = [f"c{j}" for j in range(len(cells))]
    return weights, leaves, [("total", leaves, True)]


def two_level_counts(rows):
    weights, sums = two_level(rows)
    leaves = [key for key in weights if "." in key]
    return weights, leaves, [(total, parts, True) for total, parts in sums]


small_values = st.integers(min_value=0, max_value=6)
small_thresholds = st.integers(min_value=2, max_value=4)
one_level_tables = st.lists(small_values, min_size=1, max_size=5)
two_level_tables = st.lists(st.lists(small_values, min_size=1, max_size=3), min_size=1, max_size=3).filter(
    lambda rows: sum(map(len, rows)) <= 5
)


def assert_no_small_count_is_narrowed_to_one(weights, leaves, sums, threshold):
    hidden = assert_safe(weights, sums, threshold)
    published = assignments_of(weights, leaves, sums, hidden, threshold)
    # The same table with everything hidden: what is still unique there, the labels alone reveal.
    everything = {key: hidden.get(key, SECONDARY) for key in weights}
    beyond_help = assignments_of(weights, leaves, sums, everything, threshold)
    for key, values in published.items():
        assert weights[key] in values
        assert len(values) > 1 or len(beyond_help[key]) == 1, (key, values)


@settings(max_examples=100, deadline=None, database=None)
@given(one_level_tables, small_thresholds)
def test_no_small_count_of_a_one_level_table_is_left_one_possible_value(cells, threshold):
    assert_no_small_count_is_narrowed_to_one(*one_level_counts(cells), threshold)


@settings(max_examples=100, deadline=None, database=None)
@given(two_level_tables, small_thresholds)
def test_no_small_count_of_a_two_level_table_is_left_one_possible_value(rows, threshold):
    assert_no_small_count_is_narrowed_to_one(*two_level_counts(rows), threshold)


def test_the_brute_force_finds_the_two_reviewer_cases_when_the_totals_are_shown():
    weights, leaves, sums = one_level_counts([2, 2, 0])
    assert assignments_of(weights, leaves, sums, {"c0": PRIMARY, "c1": PRIMARY}, 3)["c0"] == {2}
    weights, leaves, sums = one_level_counts([1, 1, 1])
    assert assignments_of(weights, leaves, sums, dict.fromkeys(leaves, PRIMARY), 3)["c0"] == {1}


def test_it_refuses_a_sum_over_a_variable_without_a_weight():
    with pytest.raises(ValueError, match="without a weight: b"):
        suppress({"a": 1, "total": 1}, [("total", ["a", "b"])], 3)


def test_it_refuses_a_threshold_below_one():
    with pytest.raises(ValueError, match="threshold"):
        suppress({"a": 1}, [], 0)
