"""An agency admin answers for the agency's own figures: the page shows that agency's lines only,
exact; a comment needs its text; nobody else answers for the agency."""

import pytest
from django.urls import reverse

from agencies.models import Role
from reports.models import ConfirmationStatus, SummaryConfirmation, SummaryStatus
from tests.clients import signed_in_client
from tests.factories import MembershipFactory
from tests.matrix.summaries import AUTUMN_2024, CASH_REGISTER_FINDINGS, SPRING_2025, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(norrkoping, skatteverket, raddningstjansten):
    """Spring 2025 of Norrköping: the tax agency and the fire and rescue service are asked."""
    return make_summary(
        norrkoping,
        SPRING_2025,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[skatteverket, raddningstjansten],
    )


def _url(summary, query=""):
    return reverse("summary_confirm", kwargs={"pk": summary.pk}) + query


def _answer(summary, agency):
    return SummaryConfirmation.objects.get(summary=summary, agency=agency)


def test_the_admin_sees_her_agencys_figures_exactly_and_no_other_agencys(sara, awaiting):
    response = signed_in_client(sara).get(_url(awaiting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The figures of Skatteverket" in html
    row = html[html.index("Kassaregister") :][:200]
    assert f">{CASH_REGISTER_FINDINGS}<" in row  # her own small count, not "fewer than 3"
    assert "1,500,000\xa0kr" in html and "40,000\xa0kr" in html
    assert "Personalliggare" in html
    assert "Brandskydd" not in html and "Räddningstjänsten" not in html
    assert 'name="answer"' in html


def test_the_admin_confirms(sara, awaiting, skatteverket, raddningstjansten):
    response = signed_in_client(sara).post(_url(awaiting), {"answer": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == _url(awaiting)
    answer = _answer(awaiting, skatteverket)
    assert (answer.status, answer.answered_by) == (ConfirmationStatus.CONFIRMED, sara)
    assert _answer(awaiting, raddningstjansten).status == ConfirmationStatus.PENDING


def test_a_comment_needs_its_text(sara, awaiting, skatteverket):
    response = signed_in_client(sara).post(_url(awaiting), {"answer": "comment", "comment": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["comment"] == ["Write the comment: what is wrong or missing."]
    assert 'href="#id_comment"' in response.content.decode()
    assert _answer(awaiting, skatteverket).status == ConfirmationStatus.PENDING


def test_the_admin_comments(sara, awaiting, skatteverket):
    data = {"answer": "comment", "comment": "Två kassaregister saknas."}
    assert signed_in_client(sara).post(_url(awaiting), data).status_code == 302
    answer = _answer(awaiting, skatteverket)
    assert (answer.status, answer.comment) == (ConfirmationStatus.COMMENTED, "Två kassaregister saknas.")
    assert "Två kassaregister saknas." in signed_in_client(sara).get(_url(awaiting)).content.decode()


@pytest.mark.parametrize("data", [{}, {"answer": "maybe"}])
def test_an_answer_must_be_chosen(sara, awaiting, skatteverket, data):
    response = signed_in_client(sara).post(_url(awaiting), data)
    assert response.status_code == 400
    assert "Choose whether you confirm the figures or comment on them." in response.content.decode()
    assert _answer(awaiting, skatteverket).status == ConfirmationStatus.PENDING


def test_answers_are_taken_only_while_the_summary_awaits_them(sara, awaiting, skatteverket):
    awaiting.status = SummaryStatus.APPROVED
    awaiting.save(update_fields=["status"])
    html = signed_in_client(sara).get(_url(awaiting)).content.decode()
    assert 'name="answer"' not in html
    response = signed_in_client(sara).post(_url(awaiting), {"answer": "confirm"})
    assert response.status_code == 400
    assert "This cannot be done while the summary is approved." in response.content.decode()
    assert _answer(awaiting, skatteverket).status == ConfirmationStatus.PENDING


def test_an_admin_of_two_agencies_answers_for_each(sara, awaiting, norrkoping, skatteverket, raddningstjansten):
    MembershipFactory(user=sara, collaboration=norrkoping, agency=raddningstjansten, role=Role.AGENCY_ADMIN)
    client = signed_in_client(sara)
    query = f"?myndighet={raddningstjansten.pk}"
    html = client.get(_url(awaiting, query)).content.decode()
    assert "The figures of Räddningstjänsten Östra Götaland" in html and "Brandskydd" in html
    assert "Kassaregister" not in html
    response = client.post(_url(awaiting), {"myndighet": raddningstjansten.pk, "answer": "confirm"})
    assert response["Location"] == _url(awaiting, query)
    assert _answer(awaiting, raddningstjansten).status == ConfirmationStatus.CONFIRMED
    assert _answer(awaiting, skatteverket).status == ConfirmationStatus.PENDING


def test_readers_of_the_summary_do_not_answer_for_an_agency(petra, anna, awaiting, skatteverket):
    for reader in (petra, anna):
        client = signed_in_client(reader)
        assert client.get(_url(awaiting)).status_code == 403
        assert client.post(_url(awaiting), {"answer": "confirm"}).status_code == 403
    assert _answer(awaiting, skatteverket).status == ConfirmationStatus.PENDING


def test_a_summary_that_does_not_ask_her_agency_is_hidden_from_the_admin(
    sara, erik, norrkoping, raddningstjansten, skatteverket
):
    others = make_summary(
        norrkoping,
        AUTUMN_2024,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[raddningstjansten],
    )
    for outsider in (sara, erik):
        assert signed_in_client(outsider).get(_url(others)).status_code == 404
        assert signed_in_client(outsider).get(reverse("summary_detail", kwargs={"pk": others.pk})).status_code == 404
