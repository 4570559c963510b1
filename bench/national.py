"""Synthetic national data for `make bench`: 290 collaborations, as one deployment would hold.

Written with INSERT … SELECT over generate_series, one statement per table, with the foreign
key triggers switched off for the load (session_replication_role = replica, as pg_restore
does): the rows are consistent by construction, and checking a million foreign keys one row
at a time would take most of the five minutes the seeding may use.

Collaboration 1 is the largest (a city: 10 000 findings); the other 289 are of one size.
`seed(cursor, first, last)` fills collaborations first…last, so the benchmark can measure the
largest one alone (a 10 000-finding database) and again among all of them (1 000 000).

Every collaboration has ten agencies: its own municipality and nine regional offices of
national agencies, each office shared by the collaborations of its region, as Skatteverket's
regions are. Users: a coordinator and a press officer per collaboration, an administrator per
agency, five inspectors per municipality, fifteen per regional office with an inspector's
membership in every collaboration the office takes part in. A tenth of the findings' releases
(50 000) each grant the details to the ten agencies of the collaboration through
django-guardian, exactly as `findings.services.finding_release` does.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

COLLABORATIONS = 290
LARGEST = 1


@dataclass(frozen=True)
class Size:
    premises: int
    operations: int
    visits_per_operation: int
    findings: int  # a multiple of 10: finding f belongs to the agency in slot f % 10
    ledger_entries: int
    releases: int


LARGEST_SIZE = Size(
    premises=1000, operations=60, visits_per_operation=50, findings=10_000, ledger_entries=3000, releases=500
)
OTHER_SIZE = Size(
    premises=343, operations=21, visits_per_operation=49, findings=3430, ledger_entries=1028, releases=171
)

# Slot → (agency kind, number of regional offices in the country, office of collaboration k).
# Slot 0 is the collaboration's own municipality.
OFFICES = [
    ("municipality", COLLABORATIONS, "k - 1"),
    ("police", 7, "k % 7"),
    ("tax", 10, "k % 10"),
    ("work_environment", 6, "k % 6"),
    ("fire_rescue", 97, "(k - 1) / 3"),
    ("employment_service", 10, "(k + 3) % 10"),
    ("enforcement", 5, "k % 5"),
    ("other", 6, "k % 6"),
    ("other", 21, "k % 21"),
    ("other", 8, "k % 8"),
]
OFFICE_NAMES = [
    "Kommun",
    "Polisregion",
    "Skatteverket region",
    "Arbetsmiljöverket region",
    "Räddningstjänst",
    "Arbetsförmedlingen område",
    "Kronofogden region",
    "Migrationsverket region",
    "Länsstyrelsen",
    "Försäkringskassan område",
]
INSPECTORS_PER_MUNICIPALITY = 5
INSPECTORS_PER_OFFICE = 15
# Unusable: the benchmark signs its users in with sessions of its own.
USER_PASSWORD = UNUSABLE_PASSWORD_PREFIX


def agency_id(slot, office):
    """Agency ids are ours to choose: slot × 1000 + office + 1."""
    return slot * 1000 + office + 1


def _size(k, field):
    largest, other = getattr(LARGEST_SIZE, field), getattr(OTHER_SIZE, field)
    return f"(CASE WHEN k = {LARGEST} THEN {largest} ELSE {other} END)"


def seed_agencies(cursor, permission_id):
    """The national agencies (all offices), their groups and legal grounds, and the catalogue map."""
    for slot, (kind, offices, _expression) in enumerate(OFFICES):
        cursor.execute(
            """INSERT INTO auth_group (id, name)
            SELECT %(slot)s * 1000 + o + 1, 'los-agency-' || (%(slot)s * 1000 + o + 1)
            FROM generate_series(0, %(offices)s - 1) AS o""",
            {"slot": slot, "offices": offices},
        )
        cursor.execute(
            """INSERT INTO agencies_agency (id, name, kind, group_id)
            SELECT %(slot)s * 1000 + o + 1, %(name)s || ' ' || (o + 1), %(kind)s, %(slot)s * 1000 + o + 1
            FROM generate_series(0, %(offices)s - 1) AS o""",
            {"slot": slot, "offices": offices, "kind": kind, "name": OFFICE_NAMES[slot]},
        )
    cursor.execute(
        """INSERT INTO agencies_legalground (name, description, is_active, agency_id)
        SELECT '10 kap. 2 § OSL', '', true, id FROM agencies_agency"""
    )
    cursor.execute("SELECT setval(pg_get_serial_sequence('auth_group', 'id'), 100000)")
    # slot → its agency in collaboration k, and kind → its categories: the joins of the inserts below.
    cases = " ".join(f"WHEN {slot} THEN {slot} * 1000 + ({expr}) + 1" for slot, (_, _, expr) in enumerate(OFFICES))
    cursor.execute(
        f"""CREATE TABLE bench_slot AS
        SELECT k AS collaboration_id, s AS slot, CASE s {cases} END AS agency_id
        FROM generate_series(1, {COLLABORATIONS}) AS k, generate_series(0, {len(OFFICES) - 1}) AS s"""
    )
    cursor.execute(
        """CREATE TABLE bench_category AS
        SELECT agency_kind, row_number() OVER (PARTITION BY agency_kind ORDER BY position, code) - 1 AS n,
            count(*) OVER (PARTITION BY agency_kind) AS of, id
        FROM findings_category"""
    )
    cursor.execute("CREATE TABLE bench_permission AS SELECT %s::int AS id", [permission_id])


def seed(cursor, first, last):
    """Collaborations first…last with all they hold."""
    cursor.execute("SET session_replication_role = replica")
    ks = f"generate_series({first}, {last}) AS k"
    _collaborations(cursor, ks)
    _users(cursor, first, last)
    _premises_and_operations(cursor, ks)
    _visits_and_findings(cursor, ks)
    _ledger_and_releases(cursor, ks)
    cursor.execute("SET session_replication_role = DEFAULT")


def _collaborations(cursor, ks):
    cursor.execute(
        f"""INSERT INTO agencies_collaboration (id, name, slug, municipality, suppression_threshold, created_at)
        SELECT k, 'LOS Kommun ' || k, 'los-' || k, 'Kommun ' || k, 3, now() FROM {ks}"""
    )
    cursor.execute(
        f"""INSERT INTO agencies_collaboration_agencies (collaboration_id, agency_id)
        SELECT s.collaboration_id, s.agency_id FROM bench_slot s, {ks} WHERE s.collaboration_id = k.k"""
    )


def _users(cursor, first, last):
    """Coordinators, press officers, municipal inspectors and admins of the collaborations;
    each regional office's admin and inspectors join every collaboration of theirs seeded now."""
    slots = f"bench_slot s WHERE s.collaboration_id BETWEEN {first} AND {last}"
    each_of = "bench_slot s CROSS JOIN generate_series(1, {n}) AS i WHERE s.collaboration_id BETWEEN {first} AND {last}"
    municipal_inspectors = each_of.format(n=INSPECTORS_PER_MUNICIPALITY, first=first, last=last)
    office_inspectors = each_of.format(n=INSPECTORS_PER_OFFICE, first=first, last=last)
    municipal_people = f"""
        SELECT 10000 + s.collaboration_id AS id, 'koordinator-' || s.collaboration_id AS username,
            s.collaboration_id AS k, s.agency_id, 'coordinator' AS role FROM {slots} AND s.slot = 0
        UNION ALL SELECT 20000 + s.collaboration_id, 'press-' || s.collaboration_id, s.collaboration_id,
            s.agency_id, 'press_officer' FROM {slots} AND s.slot = 0
        UNION ALL SELECT 30000 + s.agency_id, 'admin-' || s.agency_id, s.collaboration_id, s.agency_id,
            'agency_admin' FROM {slots} AND s.slot = 0
        UNION ALL SELECT 40000 + s.collaboration_id * 10 + i, 'inspektor-' || s.collaboration_id || '-' || i,
            s.collaboration_id, s.agency_id, 'inspector'
            FROM {municipal_inspectors} AND s.slot = 0"""
    regional_people = f"""
        SELECT 30000 + s.agency_id AS id, 'admin-' || s.agency_id AS username, s.collaboration_id AS k,
            s.agency_id, 'agency_admin' AS role FROM {slots} AND s.slot > 0
        UNION ALL SELECT 50000 + s.agency_id * 100 + i, 'inspektor-' || s.agency_id || '-' || i,
            s.collaboration_id, s.agency_id, 'inspector'
            FROM {office_inspectors} AND s.slot > 0"""
    cursor.execute(
        f"""INSERT INTO agencies_user (id, password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined)
        SELECT DISTINCT ON (id) id, '{USER_PASSWORD}', false, username, '', '', '', false, true, now()
        FROM ({municipal_people} UNION ALL {regional_people}) AS people
        ON CONFLICT (id) DO NOTHING"""
    )
    cursor.execute(
        f"""INSERT INTO agencies_membership (role, is_active, created_at, agency_id, collaboration_id, user_id)
        SELECT role, true, now(), agency_id, k, id FROM ({municipal_people} UNION ALL {regional_people}) AS people"""
    )


def _premises_and_operations(cursor, ks):
    types = "ARRAY['car_repair','car_wash','tattoo','restaurant','food_wholesale','kiosk','barber','other']"
    cursor.execute(
        f"""INSERT INTO inspections_premises (id, name, premises_type, address, postal_code, city, notes,
            created_at, updated_at, business_id, collaboration_id)
        SELECT k * 10000 + i, 'Lokal ' || k || '-' || i, ({types})[1 + i % 8], 'Industrigatan ' || i,
            (100 + k * 3 % 899) || ' ' || lpad((i % 100)::text, 2, '0'), 'Ort ' || k, '', now(), now(), NULL, k
        FROM {ks}, generate_series(0, {_size("k", "premises")} - 1) AS i"""
    )
    # Two years of operations, evenly spread from January 2025; every tenth is an EMPACT day.
    operations = _size("k", "operations")
    cursor.execute(
        f"""INSERT INTO inspections_operation (id, name, kind, start_date, end_date, status, notes, created_at,
            collaboration_id)
        SELECT k * 1000 + j, 'Insats ' || j, CASE WHEN j % 10 = 3 THEN 'empact' ELSE 'los' END,
            DATE '2025-01-07' + (j * 680 / {operations}), DATE '2025-01-07' + (j * 680 / {operations}),
            CASE WHEN j % 25 = 24 THEN 'cancelled' ELSE 'done' END, '', now(), k
        FROM {ks}, generate_series(0, {operations} - 1) AS j"""
    )
    cursor.execute(
        f"""INSERT INTO inspections_operation_agencies (operation_id, agency_id)
        SELECT o.id, s.agency_id FROM inspections_operation o, {ks}, bench_slot s
        WHERE o.collaboration_id = k.k AND s.collaboration_id = k.k"""
    )


def _visits_and_findings(cursor, ks):
    per, operations, premises = _size("k", "visits_per_operation"), _size("k", "operations"), _size("k", "premises")
    # Premises (v × 13) mod n: distinct within an operation, and every premises visited in turn.
    cursor.execute(
        f"""INSERT INTO inspections_visit (id, scheduled_at, position, outcome, persons_checked, minutes_spent,
            operation_id, premises_id)
        SELECT k * 10000 + v,
            (o.start_date + TIME '17:00' + (v % {per}) * INTERVAL '10 minutes') AT TIME ZONE 'Europe/Stockholm',
            v % {per}, CASE WHEN v % 20 = 19 THEN 'cancelled' ELSE 'carried_out' END, v % 5, NULL,
            o.id, k * 10000 + (v * 13) % {premises}
        FROM {ks} CROSS JOIN generate_series(0, {per} * {operations} - 1) AS v
        JOIN inspections_operation o ON o.id = k * 1000 + v / {per}"""
    )
    actions = "ARRAY['none','advice','injunction','prohibition','sanction_fee','police_report','recovery_claim']"
    statuses = "ARRAY['open','action_taken','follow_up_due','corrected','closed']"
    cursor.execute(
        f"""INSERT INTO findings_finding (id, action, status, follow_up_date, note, created_at, updated_at, version,
            agency_id, category_id, collaboration_id, created_by_id, visit_id, quantity, submission_key)
        SELECT k * 100000 + f, ({actions})[1 + f % 7], ({statuses})[1 + (f * 7) % 5], NULL,
            'Anteckning ' || f, v.scheduled_at + (f % 10) * INTERVAL '1 minute', v.scheduled_at, 1,
            s.agency_id, c.id, k, NULL, v.id, NULL, NULL
        FROM {ks} CROSS JOIN generate_series(0, {_size("k", "findings")} - 1) AS f
        JOIN inspections_visit v ON v.id = k * 10000 + (f / 10) * 3
        JOIN bench_slot s ON s.collaboration_id = k AND s.slot = f % 10
        JOIN agencies_agency a ON a.id = s.agency_id
        JOIN bench_category c ON c.agency_kind = a.kind AND c.n = (f / 10) % c.of"""
    )


def _ledger_and_releases(cursor, ks):
    # Entry e is on the employment service's finding (slot 5); every 50th corrects the one before.
    findings = _size("k", "findings")
    cursor.execute(
        f"""INSERT INTO findings_paymententry (id, kind, support_kind, amount, status, decision_date, created_at,
            created_by_id, finding_id, supersedes_id)
        SELECT k * 10000 + e, (ARRAY['wrongly_paid','stopped','recovery_claimed'])[1 + e % 3], 'wage_subsidy',
            1000 + (e % 40) * 250, 'decided', NULL, now(), NULL,
            k * 100000 + ((CASE WHEN e % 50 = 49 THEN e - 1 ELSE e END) * 10 + 5) % {findings},
            CASE WHEN e % 50 = 49 THEN k * 10000 + e - 1 END
        FROM {ks}, generate_series(0, {_size("k", "ledger_entries")} - 1) AS e"""
    )
    cursor.execute(
        f"""UPDATE findings_paymententry SET kind = prior.kind
        FROM findings_paymententry prior
        WHERE findings_paymententry.supersedes_id = prior.id AND findings_paymententry.id / 10000 IN
            (SELECT k FROM {ks})"""
    )
    # Release r: finding r × 20 + r mod 10, so releases spread over the ten agencies.
    cursor.execute(
        f"""INSERT INTO findings_findingrelease (id, explanation, released_at, withdrawn_at, finding_id,
            legal_ground_id, released_by_id, withdrawn_by_id)
        SELECT k * 1000 + r, '', now(), NULL, fi.id, g.id, 30000 + fi.agency_id, NULL
        FROM {ks} CROSS JOIN generate_series(0, {_size("k", "releases")} - 1) AS r
        JOIN findings_finding fi ON fi.id = k * 100000 + r * 20 + r % 10
        JOIN agencies_legalground g ON g.agency_id = fi.agency_id"""
    )
    cursor.execute(
        f"""INSERT INTO findings_findinggroupobjectpermission (content_object_id, group_id, permission_id,
            collaboration_id)
        SELECT rel.finding_id, a.group_id, p.id, fi.collaboration_id
        FROM findings_findingrelease rel
        JOIN findings_finding fi ON fi.id = rel.finding_id
        JOIN agencies_collaboration_agencies ca ON ca.collaboration_id = fi.collaboration_id
        JOIN agencies_agency a ON a.id = ca.agency_id, bench_permission p
        WHERE fi.collaboration_id IN (SELECT k FROM {ks})"""
    )


SEQUENCED_TABLES = (
    "agencies_user",
    "agencies_membership",
    "agencies_agency",
    "agencies_collaboration",
    "agencies_legalground",
    "inspections_premises",
    "inspections_operation",
    "inspections_visit",
    "findings_finding",
    "findings_paymententry",
    "findings_findingrelease",
)


def finish(cursor):
    """Sequences past the seeded ids, and fresh statistics, as a running system would have."""
    for table in SEQUENCED_TABLES:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    cursor.execute("VACUUM ANALYZE")


def counts(cursor):
    """How many rows the main tables hold: the data sizes reported with the results."""
    tables = {
        "collaborations": "agencies_collaboration",
        "agencies": "agencies_agency",
        "collaboration_agencies": "agencies_collaboration_agencies",
        "users": "agencies_user",
        "memberships": "agencies_membership",
        "premises": "inspections_premises",
        "operations": "inspections_operation",
        "visits": "inspections_visit",
        "findings": "findings_finding",
        "ledger_entries": "findings_paymententry",
        "releases": "findings_findingrelease",
        "guardian_grants": "findings_findinggroupobjectpermission",
    }
    result = {}
    for name, table in tables.items():
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[name] = cursor.fetchone()[0]
    return result
