"""The figures of a summary in hand-written PostgreSQL: the baseline the ORM is measured against.

`figures_by_sql(cursor, collaboration_ids, start, end)` counts the same numbers as
`reports.aggregation.summary_figures` (one collaboration) and `rollup_figures` (several), by the
definitions of `reports.definitions`, in one statement that reads the findings once for both the
period and the same dates a year before. `numbers_of(figures)` turns a `reports.figures.Figures`
into the same plain dict, so the two compare with ==. Labels are left out: keys are codes and
agency ids (as strings, like the figures' keys).
"""

import dataclasses
import datetime
import json
from decimal import Decimal

from findings.models import ActionKind, PaymentKind
from inspections.models import OperationKind, PremisesType
from reports.aggregation import period_bounds
from reports.periods import same_period_a_year_before

# Each visit carries two flags, `now` (in the period) and `before` (in the same dates a year before;
# both where a period longer than a year overlaps its year before), and its findings inherit them:
# the figures of either period are FILTERed sums over the same rows. The findings are materialised
# once (narrow) and every table of findings, money, follow-ups and indicators is a GROUP BY over
# them. `visit` is left inlined on purpose: joined as base tables, the planner sees their
# statistics; from a materialised CTE it misjudged the visits and hashed a million findings instead.
FIGURES_SQL = """
WITH visit AS NOT MATERIALIZED (
    SELECT v.id, v.operation_id, v.premises_id, v.persons_checked,
           v.scheduled_at >= %(since)s AND v.scheduled_at < %(until)s AS now,
           v.scheduled_at >= %(before_since)s AND v.scheduled_at < %(before_until)s AS before
    FROM inspections_operation o
    JOIN inspections_visit v ON v.operation_id = o.id
    WHERE o.collaboration_id = ANY (%(ids)s::bigint[])
      AND o.status <> 'cancelled'
      AND v.outcome = 'carried_out'
      AND (v.scheduled_at >= %(since)s AND v.scheduled_at < %(until)s
           OR v.scheduled_at >= %(before_since)s AND v.scheduled_at < %(before_until)s)
),
visit_by_operation AS (
    SELECT o.id, o.kind, o.start_date, o.end_date,
           count(*) FILTER (WHERE visit.now) AS visits_now, count(*) FILTER (WHERE visit.before) AS visits_before,
           sum(visit.persons_checked) FILTER (WHERE visit.now) AS persons_now,
           sum(visit.persons_checked) FILTER (WHERE visit.before) AS persons_before
    FROM visit
    JOIN inspections_operation o ON o.id = visit.operation_id
    GROUP BY o.id
),
visit_by_premises AS (
    SELECT p.id, p.premises_type, bool_or(visit.now) AS now, bool_or(visit.before) AS before
    FROM visit
    JOIN inspections_premises p ON p.id = visit.premises_id
    GROUP BY p.id
),
-- What the tables of findings need of each finding of the visits, and nothing more.
finding AS MATERIALIZED (
    SELECT f.id, f.agency_id, f.category_id, f.action, f.status = 'follow_up_due' AS due, f.quantity,
           visit.premises_id, visit.now, visit.before
    FROM visit
    JOIN findings_finding f ON f.visit_id = visit.id
    WHERE f.collaboration_id = ANY (%(ids)s::bigint[])
),
finding_group AS MATERIALIZED (
    SELECT agency_id, category_id, action,
           count(*) FILTER (WHERE now) AS now,
           count(*) FILTER (WHERE before) AS before,
           count(*) FILTER (WHERE now AND due) AS due,
           sum(quantity) FILTER (WHERE now) AS quantity_now,
           sum(quantity) FILTER (WHERE before) AS quantity_before
    FROM finding
    GROUP BY agency_id, category_id, action
),
-- An entry corrected by a later one (its supersedes_id points at it) does not count.
money_by_premises AS MATERIALIZED (
    SELECT e.kind, f.agency_id, f.premises_id,
           sum(e.amount) FILTER (WHERE f.now) AS now, sum(e.amount) FILTER (WHERE f.before) AS before
    FROM finding f
    JOIN findings_paymententry e ON e.finding_id = f.id
    WHERE NOT EXISTS (SELECT FROM findings_paymententry later WHERE later.supersedes_id = e.id)
    GROUP BY e.kind, f.agency_id, f.premises_id
),
history AS (
    SELECT bool_or(s.to_status = 'corrected') AS corrected, bool_or(s.to_status = 'not_corrected') AS not_corrected
    FROM finding f
    JOIN findings_statuschange s ON s.finding_id = f.id
    WHERE f.now AND s.to_status IN ('corrected', 'not_corrected')
    GROUP BY s.finding_id
),
operation_line AS (
    SELECT id, start_date, end_date, kind, visits_now AS visits,
           (SELECT count(*) FROM inspections_operation_agencies oa WHERE oa.operation_id = line.id) AS agencies
    FROM visit_by_operation line
    WHERE visits_now > 0
),
findings_by_agency AS (
    SELECT agency_id, sum(now) AS findings FROM finding_group GROUP BY agency_id HAVING sum(now) > 0
)
SELECT json_build_object(
    'visits', (
        SELECT json_build_object(
            'now', json_build_object(
                'operations', count(*) FILTER (WHERE visits_now > 0),
                'empact_operations', count(*) FILTER (WHERE visits_now > 0 AND kind = 'empact'),
                'visits', coalesce(sum(visits_now), 0),
                'persons_checked', coalesce(sum(persons_now), 0),
                'premises', (SELECT count(*) FILTER (WHERE now) FROM visit_by_premises)),
            'before', json_build_object(
                'operations', count(*) FILTER (WHERE visits_before > 0),
                'empact_operations', count(*) FILTER (WHERE visits_before > 0 AND kind = 'empact'),
                'visits', coalesce(sum(visits_before), 0),
                'persons_checked', coalesce(sum(persons_before), 0),
                'premises', (SELECT count(*) FILTER (WHERE before) FROM visit_by_premises)))
        FROM visit_by_operation),
    'findings', (
        SELECT json_build_object(
            'now', json_build_object(
                'findings', coalesce(sum(g.now), 0),
                'potential_victims', coalesce(sum(g.quantity_now) FILTER (WHERE c.code = 'trafficking-referral'), 0)),
            'before', json_build_object(
                'findings', coalesce(sum(g.before), 0),
                'potential_victims', coalesce(
                    sum(g.quantity_before) FILTER (WHERE c.code = 'trafficking-referral'), 0)),
            'due', coalesce(sum(g.due), 0))
        FROM finding_group g
        LEFT JOIN findings_category c ON c.id = g.category_id AND c.agency_kind = 'police'),
    'follow_ups', (
        SELECT json_build_object(
            'corrected', count(*) FILTER (WHERE corrected),
            'not_corrected', count(*) FILTER (WHERE not_corrected AND NOT corrected))
        FROM history),
    'money_by_kind', (
        -- Premises are counted once per kind, whichever agencies entered money for them.
        SELECT json_agg(json_build_array(kind, now, premises_now, before, premises_before))
        FROM (SELECT kind, sum(now) AS now, count(now) AS premises_now,
                     sum(before) AS before, count(before) AS premises_before
              FROM (SELECT kind, premises_id, sum(now) AS now, sum(before) AS before
                    FROM money_by_premises GROUP BY kind, premises_id) per_premises
              GROUP BY kind) k),
    'money', (
        SELECT json_agg(json_build_array(kind, agency_id, amount, premises))
        FROM (SELECT kind, agency_id, sum(now) AS amount, count(now) AS premises
              FROM money_by_premises
              GROUP BY kind, agency_id
              HAVING sum(now) > 0) cell),
    'operations', (
        SELECT json_agg(json_build_array(start_date, end_date, kind, visits, agencies) ORDER BY start_date, id)
        FROM operation_line),
    'operations_by_kind', (
        SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM operation_line GROUP BY kind) k),
    'premises_by_type', (
        SELECT json_object_agg(premises_type, n)
        FROM (SELECT premises_type, count(*) AS n FROM visit_by_premises WHERE now GROUP BY premises_type) t),
    'agencies', (
        -- A visit belongs to one operation, so an agency's visits are the sum over its operations.
        SELECT json_agg(json_build_array(agency_id, operations, visits, coalesce(findings, 0)))
        FROM (SELECT oa.agency_id, count(*) AS operations, sum(line.visits) AS visits
              FROM operation_line line
              JOIN inspections_operation_agencies oa ON oa.operation_id = line.id
              GROUP BY oa.agency_id) a
        LEFT JOIN findings_by_agency USING (agency_id)),
    'findings_by_agency', (SELECT json_object_agg(agency_id, findings) FROM findings_by_agency),
    'findings_by_category', (
        SELECT json_agg(json_build_array(g.agency_id, c.code, g.findings))
        FROM (SELECT agency_id, category_id, sum(now) AS findings
              FROM finding_group GROUP BY agency_id, category_id HAVING sum(now) > 0) g
        JOIN findings_category c ON c.id = g.category_id),
    'actions_by_kind', (
        SELECT json_object_agg(action, n)
        FROM (SELECT action, sum(now) AS n FROM finding_group GROUP BY action) a),
    'trafficking_indicators', (
        -- (finding, indicator) is unique in the link table, so count() counts findings.
        SELECT json_object_agg(i.code, coalesce(observed.n, 0))
        FROM findings_indicator i
        LEFT JOIN (SELECT fi.indicator_id, count(*) AS n
                   FROM finding f
                   JOIN findings_finding_indicators fi ON fi.finding_id = f.id
                   WHERE f.now
                   GROUP BY fi.indicator_id) observed ON observed.indicator_id = i.id
        WHERE i.is_active)
)::text
"""

KEY_MONEY = (("wrongly_paid", PaymentKind.WRONGLY_PAID), ("stopped", PaymentKind.STOPPED))


def _zero_filled(values, counts):
    return {value: (counts or {}).get(value, 0) for value in values}


def _key(period, raw):
    """The key figures of "now" or "before"; None when no visit was carried out in it."""
    visits, findings = raw["visits"][period], raw["findings"][period]
    if not visits["visits"]:
        return None
    money = {kind: (amount, premises) for kind, amount, premises in _money_totals(raw, period)}
    key = {**visits, **findings}
    for name, kind in KEY_MONEY:
        key[name], key[f"{name}_premises"] = money.get(kind, (Decimal("0.00"), 0))
    return key


def _money_totals(raw, period):
    """(kind, amount, premises) of the period, for the kinds with money."""
    for kind, now, premises_now, before, premises_before in raw["money_by_kind"] or ():
        amount, premises = (now, premises_now) if period == "now" else (before, premises_before)
        if premises:
            yield kind, amount, premises


def _shape(raw):
    """The statement's JSON as the dict `numbers_of` makes of a Figures."""
    money_now = {kind: (amount, premises) for kind, amount, premises in _money_totals(raw, "now")}
    return {
        "key": _key("now", raw),
        "previous": _key("before", raw),
        "operations_by_kind": _zero_filled(OperationKind.values, raw["operations_by_kind"]),
        "operations": [
            (datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), kind, visits, agencies)
            for start, end, kind, visits, agencies in raw["operations"] or ()
        ],
        "premises_by_type": _zero_filled(PremisesType.values, raw["premises_by_type"]),
        "agencies": {
            str(agency): (operations, visits, findings)
            for agency, operations, visits, findings in raw["agencies"] or ()
        },
        "findings_by_agency": raw["findings_by_agency"] or {},
        "findings_by_category": {(str(agency), code): n for agency, code, n in raw["findings_by_category"] or ()},
        "actions_by_kind": _zero_filled(ActionKind.values, raw["actions_by_kind"]),
        "follow_ups": {**raw["follow_ups"], "due": raw["findings"]["due"]},
        "money": {(kind, str(agency)): (amount, premises) for kind, agency, amount, premises in raw["money"] or ()},
        "money_by_kind": {kind: money_now.get(kind, (Decimal("0.00"), 0)) for kind in PaymentKind.values},
        "trafficking_indicators": raw["trafficking_indicators"] or {},
    }


def figures_by_sql(cursor, collaboration_ids, period_start, period_end):
    """The numbers of the summary of `collaboration_ids` (one id, or many for a roll-up) for the
    days `period_start`–`period_end`, in one SQL statement; a plain dict shaped as `numbers_of`."""
    since, until = period_bounds(period_start, period_end)
    before_since, before_until = period_bounds(*same_period_a_year_before(period_start, period_end))
    cursor.execute(
        FIGURES_SQL,
        {
            "ids": [int(pk) for pk in collaboration_ids],
            "since": since,
            "until": until,
            "before_since": before_since,
            "before_until": before_until,
        },
    )
    # JSON numbers with a decimal point are ledger amounts: read them as Decimals, never floats.
    return _shape(json.loads(cursor.fetchone()[0], parse_float=Decimal))


def _key_numbers(key):
    return None if key is None else dataclasses.asdict(key)


def numbers_of(figures):
    """The numbers of a `reports.figures.Figures`, without labels, in the shape of `figures_by_sql`."""
    return {
        "key": _key_numbers(figures.key),
        "previous": _key_numbers(figures.previous),
        "operations_by_kind": {count.key: count.value for count in figures.operations_by_kind},
        "operations": [(line.start, line.end, line.kind, line.visits, line.agencies) for line in figures.operations],
        "premises_by_type": {count.key: count.value for count in figures.premises_by_type},
        "agencies": {agency.key: (agency.operations, agency.visits, agency.findings) for agency in figures.agencies},
        "findings_by_agency": {count.key: count.value for count in figures.findings_by_agency},
        "findings_by_category": {(count.agency, count.key): count.value for count in figures.findings_by_category},
        "actions_by_kind": {count.key: count.value for count in figures.actions_by_kind},
        "follow_ups": {
            "corrected": figures.follow_ups.corrected,
            "not_corrected": figures.follow_ups.not_corrected,
            "due": figures.follow_ups.due,
        },
        "money": {(cell.kind, cell.agency): (cell.amount, cell.premises) for cell in figures.money},
        "money_by_kind": {total.kind: (total.amount, total.premises) for total in figures.money_by_kind},
        "trafficking_indicators": {count.key: count.value for count in figures.trafficking_indicators},
    }
