"""The summary pages for reading: the list and the request of a new summary, the detail page
with its steps and published figures, the job's progress fragment, and the PDF and press
release downloads. Who may see what, beyond the permission matrix."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.models import Role
from reports.models import Summary, SummaryConfirmation, SummaryStatus
from tests.clients import signed_in_client
from tests.factories import MembershipFactory, UserFactory, local_time
from tests.matrix.summaries import SPRING_2025, freeze_snapshot, make_summary

pytestmark = pytest.mark.django_db

LIST = reverse("summary_list")


@pytest.fixture
def spring(norrkoping, skatteverket, raddningstjansten):
    """Norrköping's spring 2025, awaiting the tax agency's answer, its PDF ready."""
    return make_summary(
        norrkoping,
        SPRING_2025,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[skatteverket],
        press_release="Under våren utfördes ett tiotal besök.",
    )


@pytest.fixture
def lina(linkoping, polisen):
    """The press officer of LOS Linköping."""
    user = UserFactory(username="lina")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.PRESS_OFFICER)
    return user


def _detail(summary):
    return reverse("summary_detail", kwargs={"pk": summary.pk})


def _url(name, summary):
    return reverse(name, kwargs={"pk": summary.pk})


# --- The list and the request -------------------------------------------------------------


def test_the_list_shows_the_collaborations_summaries_to_its_readers(petra, anna, spring, linkoping, skatteverket):
    elsewhere = make_summary(linkoping, SPRING_2025, tax=skatteverket, fire=skatteverket, pdf=False)
    for reader in (petra, anna):
        response = signed_in_client(reader).get(LIST)
        assert response.status_code == 200
        listed = [summary.pk for summary in response.context["page"].object_list]
        assert listed == [spring.pk]
        assert elsewhere.pk not in listed
        assert "First half of 2025" in response.content.decode()


def test_the_agency_admin_sees_in_the_list_only_the_answers_she_gives(sara, spring, raddningstjansten):
    SummaryConfirmation.objects.create(summary=spring, agency=raddningstjansten)
    html = signed_in_client(sara).get(LIST).content.decode()
    assert "Skatteverket: Not answered" in html
    assert "Räddningstjänsten" not in html


def test_the_request_form_is_for_press_officers_only(petra, anna, spring):
    assert 'name="year"' in signed_in_client(petra).get(LIST).content.decode()
    assert 'name="year"' not in signed_in_client(anna).get(LIST).content.decode()


def test_an_inspector_has_no_summaries(erik, spring):
    assert signed_in_client(erik).get(LIST).status_code == 404


def test_the_request_defaults_to_the_last_completed_half_year(petra):
    with time_machine.travel(local_time(datetime.date(2026, 3, 10)), tick=False):
        form = signed_in_client(petra).get(LIST).context["form"]
    assert (form["year"].value(), form["half"].value()) == (2025, 2)
    assert "collaboration" not in form.fields  # petra publishes for Norrköping only


def test_a_press_officer_of_several_collaborations_chooses_one(petra, linkoping, polisen):
    MembershipFactory(user=petra, collaboration=linkoping, agency=polisen, role=Role.PRESS_OFFICER)
    response = signed_in_client(petra).post(LIST, {"year": "2025", "half": "1"})
    assert response.status_code == 400
    assert "Choose the collaboration to summarise." in response.content.decode()
    response = signed_in_client(petra).post(LIST, {"collaboration": linkoping.pk, "year": "2025", "half": "1"})
    assert response.status_code == 302
    assert Summary.objects.get().collaboration == linkoping


def test_a_press_officer_requests_a_summary_and_is_taken_to_it(petra, norrkoping):
    response = signed_in_client(petra).post(LIST, {"year": "2025", "half": "2"})
    summary = Summary.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(summary)
    assert (summary.collaboration, summary.period_start, summary.period_end) == (
        norrkoping,
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    )
    assert summary.created_by == petra
    assert summary.status == SummaryStatus.DRAFT


def test_requesting_a_period_being_prepared_opens_the_summary_already_there(petra, spring):
    response = signed_in_client(petra).post(LIST, {"year": "2025", "half": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == _detail(spring)
    assert "already being prepared" in response.content.decode()
    assert Summary.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "abc", "half": "1"}, "year", "Enter the year as four digits"),
        ({"year": "", "half": "1"}, "year", "Enter the year, for example 2025."),
        ({"year": "1999", "half": "1"}, "year", "Enter a year from 2000 on."),
        ({"year": "2099", "half": "1"}, "year", "Enter a year that has begun"),
        ({"year": "2025", "half": "3"}, "half", "Choose the first or the second half-year."),
        ({"year": "2025"}, "half", "Choose the first or the second half-year."),
    ],
)
def test_a_bad_request_is_answered_at_its_field_and_nothing_is_made(petra, data, field, message):
    response = signed_in_client(petra).post(LIST, data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    html = response.content.decode()
    assert message in html
    assert f'href="#id_{field}' in html  # the error summary links to the field
    assert not Summary.objects.exists()


def test_readers_may_not_request_a_summary(anna, sara, spring):
    for reader in (anna, sara):
        assert signed_in_client(reader).post(LIST, {"year": "2024", "half": "1"}).status_code == 403
    assert Summary.objects.count() == 1


def _summaries_of(years, norrkoping, skatteverket, raddningstjansten):
    for year in years:
        make_summary(
            norrkoping,
            (datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            tax=skatteverket,
            fire=raddningstjansten,
            confirm=[skatteverket],
            pdf=False,
        )


@pytest.mark.parametrize("reader", ["petra", "sara"])
def test_the_list_costs_the_same_for_one_summary_and_for_thirty(
    request, reader, norrkoping, skatteverket, raddningstjansten, django_assert_max_num_queries
):
    client = signed_in_client(request.getfixturevalue(reader))
    _summaries_of([2025], norrkoping, skatteverket, raddningstjansten)
    with django_assert_max_num_queries(12) as one:
        assert client.get(LIST).status_code == 200
    _summaries_of(range(1996, 2025), norrkoping, skatteverket, raddningstjansten)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 30


# --- The detail page ----------------------------------------------------------------------


def test_the_steps_mark_the_current_one(petra, spring):
    html = signed_in_client(petra).get(_detail(spring)).content.decode()
    assert '<li aria-current="step"><strong>Awaiting confirmation</strong>' in html
    assert html.count('aria-current="step"') == 1
    assert html.index("Draft") < html.index("Awaiting confirmation") < html.index("Approved")


def test_the_press_officer_sees_small_counts_only_as_published(petra, spring):
    response = signed_in_client(petra).get(_detail(spring))
    html = response.content.decode()
    assert "<caption>Findings of Skatteverket</caption>" in html
    row = html[html.index("Kassaregister") :][:200]
    assert "fewer than 3" in row
    assert ">2<" not in row
    assert "1,500,000" in html  # the money shown, grouped


def test_the_change_against_a_year_before_is_shown_only_when_known(petra, spring):
    assert "Against the same period a year before" not in signed_in_client(petra).get(_detail(spring)).content.decode()
    figures = {**spring.figures, "previous": {**spring.figures["key"], "visits": 10}}
    Summary.objects.filter(pk=spring.pk).update(figures=figures)
    html = signed_in_client(petra).get(_detail(spring)).content.decode()
    assert "<caption>Against the same period a year before</caption>" in html
    assert "+20 %" in html  # 12 visits against 10


def test_the_confirmations_are_listed_for_the_readers(petra, anna, spring):
    for reader in (petra, anna):
        html = signed_in_client(reader).get(_detail(spring)).content.decode()
        assert "The agencies" in html
        assert "Not answered" in html


def test_the_agency_admin_sees_only_the_status_and_the_way_to_answer(sara, spring):
    html = signed_in_client(sara).get(_detail(spring)).content.decode()
    assert "Awaiting confirmation" in html
    assert _url("summary_confirm", spring) in html
    for hidden in ("Personalliggare", "summary-progress", _url("summary_pdf", spring), "The agencies"):
        assert hidden not in html


def test_someone_outside_the_summary_gets_404(erik, lina, spring):
    for outsider in (erik, lina):
        client = signed_in_client(outsider)
        for name in ("summary_detail", "summary_progress", "summary_pdf", "summary_texts", "summary_confirm"):
            assert client.get(_url(name, spring)).status_code == 404, name


def test_an_unknown_summary_is_404(petra):
    assert signed_in_client(petra).get(reverse("summary_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_step_answers_a_get_with_405(petra, spring):
    for name in ("summary_send", "summary_back_to_draft", "summary_approve", "summary_publish", "summary_retry"):
        assert signed_in_client(petra).get(_url(name, spring)).status_code == 405, name


def test_a_narrative_with_html_is_shown_as_text(petra, spring):
    Summary.objects.filter(pk=spring.pk).update(narrative='<script>alert("x")</script><b>fet</b>')
    html = signed_in_client(petra).get(_detail(spring)).content.decode()
    assert "<script>alert" not in html and "<b>fet</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fet&lt;/b&gt;" in html


def test_the_detail_page_is_not_cached(petra, spring):
    response = signed_in_client(petra).get(_detail(spring))
    assert "no-store" in response["Cache-Control"]


def _published(summary, petra):
    Summary.objects.filter(pk=summary.pk).update(status=SummaryStatus.PUBLISHED)
    freeze_snapshot(summary, by=petra)
    return Summary.objects.get(pk=summary.pk)


@pytest.mark.parametrize("changed", [True, False])
def test_a_published_summary_shows_its_checksum_and_any_change_since(petra, spring, monkeypatch, changed):
    summary = _published(spring, petra)
    monkeypatch.setattr("reports.selectors.figures_changed_since_publication", lambda s: changed)
    html = signed_in_client(petra).get(_detail(summary)).content.decode()
    assert f"<code>{summary.snapshot.checksum[:12]}</code>" in html
    assert summary.snapshot.checksum[:13] not in html
    notice = "The figures have changed since publication: the published summary stays as it was."
    assert (notice in html) is changed
    assert _url("summary_press_release", summary) in html


def test_the_change_since_publication_is_counted_only_for_a_published_summary(petra, spring, monkeypatch):
    def fail(summary):
        raise AssertionError("counted again for a summary that is not published")

    monkeypatch.setattr("reports.selectors.figures_changed_since_publication", fail)
    assert signed_in_client(petra).get(_detail(spring)).status_code == 200


def test_the_change_since_publication_is_counted_on_the_detail_page_only(petra, spring, monkeypatch):
    summary = _published(spring, petra)

    def fail(summary):
        raise AssertionError("counted again outside the detail page")

    monkeypatch.setattr("reports.selectors.figures_changed_since_publication", fail)
    client = signed_in_client(petra)
    for name in ("summary_progress", "summary_pdf", "summary_press_release", "summary_figures_csv"):
        assert client.get(_url(name, summary)).status_code == 200, name
    assert client.get(LIST).status_code == 200


def test_the_operations_table_heads_each_row_with_its_date(petra, spring):
    html = signed_in_client(petra).get(_detail(spring)).content.decode()
    table = html[html.index("<caption>Operations</caption>") :]
    assert '<th scope="row" data-label="Date">2025-02-10</th>' in table[: table.index("</table>")]
