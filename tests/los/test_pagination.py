"""SortThenJoinPaginator: the same pages as Django's Paginator, with the relations loaded."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from findings.models import Finding
from los.pagination import RowsFirstPaginator, SortThenJoinPaginator
from tests.factories import FindingFactory, OperationFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings():
    operation = OperationFactory()
    return [FindingFactory(visit=VisitFactory(operation=operation)) for _ in range(7)]


def _ordered():
    return Finding.objects.select_related("agency").order_by("-created_at", "-id")


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_page_holds_the_same_rows_in_the_same_order(findings, number):
    expected = list(Paginator(_ordered(), 3).page(number).object_list)
    page = SortThenJoinPaginator(_ordered(), 3, relations=("agency", "visit__premises")).page(number)
    assert list(page.object_list) == expected
    assert page.paginator.count == 7


def test_the_page_loads_its_relations_in_the_one_query(findings):
    page = SortThenJoinPaginator(_ordered(), 3, relations=("agency", "visit__premises")).page(1)
    with CaptureQueriesContext(connection) as queries:
        names = [(finding.agency.name, finding.visit.premises.name) for finding in page.object_list]
    assert len(names) == 3
    assert len(queries) == 1


def _rows_in_two_parts(findings):
    """The same findings as a UNION of two querysets of (id, created_at), one finding in both."""
    columns = {"row_id": F("id"), "row_at": F("created_at")}
    first = Finding.objects.filter(pk__in=[f.pk for f in findings[:4]]).order_by().values(**columns)
    second = Finding.objects.filter(pk__in=[f.pk for f in findings[3:]]).order_by().values(**columns)
    return first.union(second)


def _rows_paginator(rows):
    return RowsFirstPaginator(
        rows,
        3,
        model=Finding,
        row_ordering=("-row_at", "-row_id"),
        ordering=("-created_at", "-id"),
        relations=("agency",),
    )


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_union_of_rows_pages_like_the_findings_themselves(findings, number):
    expected = list(Paginator(_ordered(), 3).page(number).object_list)
    paginator = _rows_paginator(_rows_in_two_parts(findings))
    page = paginator.page(number)
    assert paginator.count == 7
    assert list(page.object_list) == expected


def test_no_rows_make_one_empty_page():
    page = _rows_paginator(Finding.objects.none().values(row_id=F("id"), row_at=F("created_at"))).get_page(1)
    assert list(page.object_list) == []
    assert page.paginator.count == 0


def test_a_page_past_the_end_is_the_last_page(findings):
    page = _rows_paginator(_rows_in_two_parts(findings)).get_page(99)
    assert page.number == 3
    assert len(page.object_list) == 1
