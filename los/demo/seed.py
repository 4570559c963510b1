"""Loads the demo scenario. Every object is found by its natural key first, so a second run
changes nothing."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from agencies import permissions
from agencies.models import Agency, Collaboration, LegalGround, Membership, User
from findings.models import Category, Finding, Indicator, PaymentEntry, Referral, StatusChange
from findings.services import finding_release
from inspections.models import Business, Operation, Premises, Signal, Visit
from inspections.orgnr import with_check_digit

from . import scenario as s

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FOLLOW_UP_AFTER = timedelta(days=60)


def _get_or_create(model, lookup, defaults):
    """Like `get_or_create`, but validates a new row as a form would before saving it."""
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found, False
    obj = model(**lookup, **defaults)
    obj.full_clean()
    obj.save()
    return obj, True


class DemoSeeder:
    def __init__(self, *, with_users):
        self.with_users = with_users
        self.created = 0

    def _make(self, model, lookup, **defaults):
        obj, created = _get_or_create(model, lookup, defaults)
        self.created += created
        return obj

    def run(self):
        with transaction.atomic():
            self.collaboration = self._make(
                Collaboration,
                {"slug": s.COLLABORATION["slug"]},
                name=s.COLLABORATION["name"],
                municipality=s.COLLABORATION["municipality"],
            )
            self.agencies = {key: self._make(Agency, {"name": name}, kind=kind) for key, name, kind in s.AGENCIES}
            self.collaboration.agencies.add(*self.agencies.values())
            for agency in self.agencies.values():
                permissions.agency_group(agency)
                for name, description in s.LEGAL_GROUNDS:
                    self._make(LegalGround, {"agency": agency, "name": name}, description=description)
            self.users = self._seed_users() if self.with_users else {}
            self.premises = self._seed_premises()
            self.visits = self._seed_operations()
            self._seed_signals()
            self._seed_findings()
            self._seed_referrals()
            if self.with_users:
                self._seed_release()
        return self.created

    def _seed_referrals(self):
        for code, receiver in s.REFERRALS:
            findings = Finding.objects.filter(collaboration=self.collaboration, category__code=code)
            finding = findings.order_by("pk").first()
            if finding is None:
                continue
            self._make(
                Referral,
                {"finding": finding, "to_agency": self.agencies[receiver]},
                collaboration=self.collaboration,
                created_by=finding.created_by,
                created_at=finding.created_at,
            )

    def _seed_release(self):
        op_key, premises_key, agency_key, username, ground_name = s.RELEASED_FINDING
        finding = Finding.objects.filter(
            visit=self.visits[(op_key, premises_key)][0], agency=self.agencies[agency_key]
        ).first()
        if finding is None or finding.releases.exists():
            return
        ground = LegalGround.objects.get(agency=self.agencies[agency_key], name=ground_name)
        finding_release(finding=finding, by=self.users[username][0], legal_ground=ground)
        self.created += 1

    def _seed_users(self):
        users = {}
        for username, first, last, agency_key, role in s.USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.invalid")
                user.set_password(s.DEMO_PASSWORD)
                user.save()
                self.created += 1
            self._make(
                Membership,
                {"user": user, "agency": self.agencies[agency_key], "collaboration": self.collaboration, "role": role},
            )
            users[username] = (user, agency_key, role)
        return users

    def _seed_premises(self):
        premises = {}
        for number, (key, name, kind, address, postal_code, business_name) in enumerate(s.PREMISES, start=1):
            business = self._make(
                Business,
                {"collaboration": self.collaboration, "org_number": with_check_digit(f"99{number:07d}")},
                name=business_name,
            )
            premises[key] = self._make(
                Premises,
                {"collaboration": self.collaboration, "name": name, "address": address, "postal_code": postal_code},
                premises_type=kind,
                city=s.COLLABORATION["municipality"],
                business=business,
            )
        return premises

    def _inspectors_of(self, agency_keys):
        return [user for user, agency, role in self.users.values() if agency in agency_keys and role == "inspector"]

    def _seed_operations(self):
        visits = {}
        for key, name, kind, first_day, last_day, agency_keys, premises_keys in s.OPERATIONS:
            status = "planned" if first_day > datetime(2026, 6, 30).date() else "done"
            operation = self._make(
                Operation,
                {"collaboration": self.collaboration, "name": name, "start_date": first_day},
                kind=kind,
                end_date=last_day,
                status=status,
            )
            operation.agencies.add(*(self.agencies[a] for a in agency_keys))
            operation.inspectors.add(*self._inspectors_of(agency_keys))
            # Evenings start at 18:00, the EMPACT day at 10:00; 45 minutes a visit, and a
            # two-day operation splits its visits over both days.
            start_hour = 10 if kind == "empact" else 18
            days = (last_day - first_day).days + 1
            per_day = -(-len(premises_keys) // days)
            for position, premises_key in enumerate(premises_keys):
                day = first_day + timedelta(days=position // per_day)
                slot = position % per_day
                at = datetime.combine(day, time(start_hour), STOCKHOLM) + timedelta(minutes=45 * slot)
                outcome = s.VISIT_OUTCOMES.get((key, premises_key), "carried_out" if status == "done" else "planned")
                visit = self._make(
                    Visit,
                    {"operation": operation, "premises": self.premises[premises_key]},
                    scheduled_at=at,
                    position=position,
                    outcome=outcome,
                    persons_checked=(2 + (position * 3 + len(name)) % 6) if outcome == "carried_out" else 0,
                    minutes_spent=40 if outcome == "carried_out" else None,
                )
                visit.inspectors.add(*self._inspectors_of(agency_keys))
                visits[(key, premises_key)] = (visit, agency_keys)
        return visits

    def _seed_signals(self):
        for premises_key, kind, received_on, agency_key, summary in s.SIGNALS:
            self._make(
                Signal,
                {"premises": self.premises[premises_key], "kind": kind, "received_on": received_on},
                source_agency=self.agencies[agency_key],
                summary=summary,
            )

    def _category(self, agency_key, code):
        return Category.objects.get(agency_kind=self.agencies[agency_key].kind, code=code)

    def _finding(self, visit, agency_key, code, action, status, quantity=None):
        author = next((u for u, a, r in self.users.values() if a == agency_key and r == "inspector"), None)
        visit_day = visit.scheduled_at.astimezone(STOCKHOLM).date()
        follow_up = visit_day + FOLLOW_UP_AFTER if status in ("follow_up_due", "corrected", "not_corrected") else None
        finding = self._make(
            Finding,
            {"visit": visit, "agency": self.agencies[agency_key], "category": self._category(agency_key, code)},
            collaboration=self.collaboration,
            action=action,
            status=status,
            follow_up_date=follow_up,
            quantity=quantity,
            created_by=author,
            created_at=visit.scheduled_at,
        )
        self._history(finding)
        return finding

    def _history(self, finding):
        """The steps that brought the finding to its status, dated at the visit and the follow-up."""
        before = "open"
        for step in s.STATUS_PATHS[finding.status]:
            at = finding.created_at
            if before == "follow_up_due":
                at = datetime.combine(finding.follow_up_date, time(10), STOCKHOLM)
            self._make(
                StatusChange,
                {"finding": finding, "to_status": step},
                from_status=before,
                action=finding.action,
                follow_up_date=finding.follow_up_date if step == "follow_up_due" else None,
                changed_by=finding.created_by,
                changed_at=at,
            )
            before = step

    def _entry(self, finding, kind, support_kind, amount, status, supersedes=None):
        visit_day = finding.visit.scheduled_at.astimezone(STOCKHOLM).date()
        return self._make(
            PaymentEntry,
            {"finding": finding, "kind": kind, "support_kind": support_kind, "amount": Decimal(amount)},
            status=status,
            decision_date=visit_day + timedelta(days=21) if status == "decided" else None,
            supersedes=supersedes,
            created_by=finding.created_by,
            created_at=finding.created_at,
        )

    def _seed_findings(self):
        for op_key, premises_key, agency_key, code, action, status, entries in s.MONEY_FINDINGS:
            finding = self._finding(self.visits[(op_key, premises_key)][0], agency_key, code, action, status)
            for kind, support_kind, amount, entry_status in entries:
                self._entry(finding, kind, support_kind, amount, entry_status)

        op_key, premises_key, agency_key, code, action, status = s.CORRECTED_ENTRY["finding"]
        finding = self._finding(self.visits[(op_key, premises_key)][0], agency_key, code, action, status)
        estimate = self._entry(finding, *s.CORRECTED_ENTRY["estimate"])
        self._entry(finding, *s.CORRECTED_ENTRY["decided"], supersedes=estimate)

        for op_key, premises_key, codes in s.TRAFFICKING_FINDINGS:
            visit = self.visits[(op_key, premises_key)][0]
            finding = self._finding(visit, "polis", "trafficking-indicators", "police_report", "closed")
            finding.indicators.add(*Indicator.objects.filter(code__in=codes))
        self._finding(
            self.visits[("op4", "p13")][0],
            "polis",
            "trafficking-referral",
            "referral",
            "closed",
            quantity=s.VICTIMS_REFERRED,
        )

        # Routine findings: a fixed pattern over visits and agencies, so about two in three
        # agencies record something at each visit carried out.
        for number, (visit, agency_keys) in enumerate(self.visits.values()):
            if visit.outcome != "carried_out":
                continue
            for agency_number, agency_key in enumerate(agency_keys):
                if (number + agency_number) % 3 == 0:
                    continue
                options = s.ROUTINE_FINDINGS[agency_key]
                code, action, status = options[(number + agency_number) % len(options)]
                quantity = s.ROUTINE_QUANTITIES.get(code) if agency_key == "polis" else None
                finding = self._finding(visit, agency_key, code, action, status, quantity=quantity)
                if code == "staff-ledger":
                    self._entry(finding, "sanction_fee", "other", s.STAFF_LEDGER_FEE, "decided")


def seed_demo(*, with_users=None):
    """Loads the demo collaboration; returns how many rows it created (0 on a second run)."""
    if with_users is None:
        with_users = settings.DEBUG
    return DemoSeeder(with_users=with_users).run()
