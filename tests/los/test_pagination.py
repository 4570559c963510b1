"""SortThenJoinPaginator: the same pages as Django's Paginator, with the relations loaded."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
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
    first = Finding.objects.filter(pk__in=[f.pk for f in findings[:4]]).order_by().values("id", "created_at")
    second = Finding.objects.filter(pk__in=[f.pk for f in findings[3:]]).order_by().values("id", "created_at")
    return first.union(second)


@pytest.mark.parametrize("number", [1, 2, 3])
def test_a_union_of_rows_pages_like_the_findings_themselves(findings, number):
    expected = list(Paginator(_ordered(), 3).page(number).object_list)
    paginator = RowsFirstPaginator(
        _rows_in_two_parts(findings), 3, model=Finding, ordering=("-created_at", "-id"), relations=("agency",)
    )
    page = paginator.page(number)
    assert paginator.count == 7
    assert list(page.object_list) == expected
