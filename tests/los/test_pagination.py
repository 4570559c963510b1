"""SortThenJoinPaginator: the same pages as Django's Paginator, with the relations loaded."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.models import Finding
from los.pagination import SortThenJoinPaginator
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
