"""The money section of a finding's page: every entry, corrected ones struck with the way to
their correction, totals of what stands, and the actions for those who may change the finding."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import PaymentKind
from findings.views.ledger import detail_context
from tests.clients import queries_of_get, signed_in_client
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import a_chain, an_entry

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


def _page(user, finding, language="en"):
    response = signed_in_client(user, language=language).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    return response


def _row(body, entry):
    start = body.index(f'id="ledger-entry-{entry.pk}"')
    return body[start : body.index("</tr>", start)]


def test_amounts_are_written_the_swedish_way(finding, erik):
    an_entry(finding, "1500000.00", created_by=erik)
    body = _page(erik, finding, language="sv").content.decode()
    assert f"1{NBSP}500{NBSP}000{NBSP}kr" in body


def test_a_corrected_entry_is_struck_and_names_its_correction(finding, erik):
    first, second, third = a_chain(finding, ["100000", "90000", "95000"], by=erik)
    body = _page(erik, finding).content.decode()
    first_row, third_row = _row(body, first), _row(body, third)
    assert "<s>100,000 kr</s>".replace(" ", NBSP) in first_row
    assert f'Corrected by <a href="#ledger-entry-{second.pk}">the entry of' in first_row
    assert f'Corrects <a href="#ledger-entry-{second.pk}">the entry of' in third_row
    assert "<s>" not in third_row
    # The chain reads from top to bottom: the estimate, its correction, the figure that stands.
    assert body.index(f'id="ledger-entry-{first.pk}"') < body.index(f'id="ledger-entry-{second.pk}"')
    assert body.index(f'id="ledger-entry-{second.pk}"') < body.index(f'id="ledger-entry-{third.pk}"')


def test_the_totals_count_only_the_entries_that_stand(finding, erik):
    a_chain(finding, ["100000", "90000", "95000"], by=erik)
    an_entry(finding, "5000", kind=PaymentKind.STOPPED)
    totals = {t.kind: t.total for t in _page(erik, finding).context["ledger_totals"]}
    assert totals == {PaymentKind.WRONGLY_PAID: Decimal("95000"), PaymentKind.STOPPED: Decimal("5000")}


def test_the_inspector_may_add_and_correct_current_entries_only(finding, erik):
    first, second = a_chain(finding, ["100", "200"], by=erik)
    body = _page(erik, finding).content.decode()
    assert reverse("ledger_entry_add", kwargs={"pk": finding.pk}) in body
    correct = "ledger_entry_correct"
    assert reverse(correct, kwargs={"pk": finding.pk, "entry_pk": second.pk}) in _row(body, second)
    assert reverse(correct, kwargs={"pk": finding.pk, "entry_pk": first.pk}) not in body


def test_the_agency_admin_reads_the_money_without_the_actions(finding, erik, sara):
    entry = an_entry(finding, "2500", created_by=erik)
    body = _page(sara, finding).content.decode()
    assert f'id="ledger-entry-{entry.pk}"' in body
    assert reverse("ledger_entry_add", kwargs={"pk": finding.pk}) not in body
    assert "/ratta/" not in body


def test_a_finding_without_money_says_so(finding, erik):
    assert "No amounts recorded." in _page(erik, finding).content.decode()


def test_someone_who_may_not_read_the_finding_gets_no_page_and_no_money(finding, farah):
    # The section relies on the detail page's own check, which refuses farah the whole page.
    an_entry(finding, "2500")
    response = signed_in_client(farah).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 403
    assert "2,500" not in response.content.decode() and "2\xa0500" not in response.content.decode()


def test_the_table_becomes_cards_on_a_phone(finding, erik):
    entry = an_entry(finding, "2500", created_by=erik)
    body = _page(erik, finding).content.decode()
    assert 'class="table table--stack"' in body
    assert 'data-label="Amount"' in _row(body, entry)


def _section_queries(user, finding):
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        context = detail_context(request, finding)
    return len(queries), context


def _add_entries(finding, erik, count):
    """Half of them corrected, so the chains are read too."""
    for _ in range(count // 2):
        a_chain(finding, ["1000", "900"], by=erik)
    for _ in range(count % 2):
        an_entry(finding, "1000", created_by=erik)


def test_the_section_costs_the_same_queries_for_1_and_50_entries(finding, erik):
    an_entry(finding, "1000", created_by=erik)
    _section_queries(erik, finding)  # the user's memberships are read once per request
    with_one, context = _section_queries(erik, finding)
    assert len(context["ledger_rows"]) == 1
    _add_entries(finding, erik, 49)
    with_fifty, context = _section_queries(erik, finding)
    assert len(context["ledger_rows"]) == 50
    assert with_fifty == with_one


def test_the_finding_page_costs_the_same_queries_for_1_and_50_entries(finding, erik):
    client, page = signed_in_client(erik), reverse("finding_detail", kwargs={"pk": finding.pk})
    an_entry(finding, "1000", created_by=erik)
    queries_of_get(client, page)  # warms the per-process caches
    with_one = queries_of_get(client, page)
    _add_entries(finding, erik, 49)
    assert queries_of_get(client, page) == with_one
