"""The referral matrix: what it suggests, and that docs/referrals.md shows the same table."""

import re
from pathlib import Path

import pytest

from agencies.models import AgencyKind
from findings.models import Category
from findings.referrals import SUGGESTIONS, _check, referable_agencies, suggestions_among
from tests.factories import AgencyFactory, CollaborationFactory, OperationFactory, ReferralFactory, VisitFactory

from .factories import SEEDED_CATEGORIES
from .referral_factories import finding_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "referrals.md"
ROW = re.compile(r"^\| (.+?) \| `(.+?)` \| (.+?) \| `(.+?)` \| (.+?) \|$", flags=re.MULTILINE)


def suggested_agencies(finding):
    """What the finding's page offers: the matrix's picks among the agencies still referable."""
    return suggestions_among(finding, referable_agencies(finding))


def test_the_documented_table_is_the_matrix_of_the_code():
    documented = [(code, kind, reason) for _name, code, _label, kind, reason in ROW.findall(DOCS.read_text("utf-8"))]
    in_code = [(code, str(kind), str(reason)) for code, rows in SUGGESTIONS.items() for kind, reason in rows]
    assert documented == in_code


def test_the_documented_table_names_each_category_as_the_catalogue_does():
    names = {code: name for _kind, code, name, _name_en, _severity in SEEDED_CATEGORIES}
    rows = ROW.findall(DOCS.read_text("utf-8"))
    assert rows
    assert all(names[code] == name for name, code, *_rest in rows)


def test_every_row_is_a_seeded_category_and_suggests_other_kinds_than_its_own():
    kind_of = {code: kind for kind, code, *_rest in SEEDED_CATEGORIES}
    for code, rows in SUGGESTIONS.items():
        assert code in kind_of, code
        assert kind_of[code] not in {kind for kind, _reason in rows}, code


def test_the_matrix_covers_the_examples_the_collaboration_asked_for():
    def kinds(code):
        return {str(kind) for kind, _reason in SUGGESTIONS[code]}

    assert kinds("undeclared-work") >= {"employment_service", "police", "work_environment"}
    assert kinds("wage-subsidy-without-right") >= {"tax", "police"}
    assert kinds("no-right-to-work") >= {"work_environment", "tax", "employment_service"}
    assert kinds("alcohol-without-licence") >= {"police", "tax"}


def test_a_kind_that_does_not_exist_stops_the_program():
    with pytest.raises(ValueError, match="undeclared-work"):
        _check({"undeclared-work": (("tax-agency", "typo"),)})
    with pytest.raises(ValueError, match="repeated"):
        _check({"undeclared-work": ((AgencyKind.POLICE, "a"), (AgencyKind.POLICE, "b"))})


@pytest.mark.django_db
def test_suggestions_are_agencies_of_the_collaboration_not_the_own_nor_one_already_referred(
    norrkoping, linkoping, skatteverket, polisen, visit, django_assert_num_queries
):
    # The work environment authority works in Linköping only: not suggested in Norrköping.
    AgencyFactory(name="Arbetsmiljöverket", kind=AgencyKind.WORK_ENVIRONMENT).collaborations.add(linkoping)
    employment = AgencyFactory(name="Arbetsförmedlingen", kind=AgencyKind.EMPLOYMENT_SERVICE)
    norrkoping.agencies.add(employment)
    finding = finding_of(skatteverket, "undeclared-work", visit)
    finding = type(finding).objects.select_related("category").get(pk=finding.pk)

    with django_assert_num_queries(1):
        suggestions = suggested_agencies(finding)
    assert [(s.agency, str(s.reason)) for s in suggestions] == [
        (employment, str(dict(SUGGESTIONS["undeclared-work"])[AgencyKind.EMPLOYMENT_SERVICE])),
        (polisen, str(dict(SUGGESTIONS["undeclared-work"])[AgencyKind.POLICE])),
    ]

    ReferralFactory(finding=finding, to_agency=polisen)
    assert [s.agency for s in suggested_agencies(finding)] == [employment]


@pytest.mark.django_db
def test_the_own_agency_is_never_suggested_even_when_its_kind_is(norrkoping, visit, skatteverket):
    # A second tax agency in the collaboration is suggested; the finding's own is not.
    regional = AgencyFactory(name="Skatteverket region Öst", kind=AgencyKind.TAX)
    norrkoping.agencies.add(regional)
    alcohol = Category.objects.get(agency_kind="municipality", code="alcohol-without-licence")
    finding = finding_of(skatteverket, "staff-ledger", visit)
    finding.category = alcohol  # a category whose suggestions name the tax kind
    assert skatteverket not in [s.agency for s in suggested_agencies(finding)]
    assert regional in [s.agency for s in suggested_agencies(finding)]


@pytest.mark.django_db
def test_a_category_without_a_row_suggests_nobody(norrkoping, visit, skatteverket):
    assert suggested_agencies(finding_of(skatteverket, "f-tax", visit)) == []


@pytest.mark.django_db
def test_a_finding_in_another_collaboration_is_suggested_its_own_agencies(linkoping, skatteverket, polisen):
    other = CollaborationFactory(slug="other", agencies=[skatteverket])
    visit = VisitFactory(operation=OperationFactory(collaboration=other, agencies=[skatteverket]))
    # The police work in Linköping, not in this collaboration.
    assert suggested_agencies(finding_of(skatteverket, "undeclared-work", visit)) == []
