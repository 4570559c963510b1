"""Adding people: a new person with a one-time password link, or a colleague of the same agency."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from agencies import services
from agencies.models import AccessAction, AccessLogEntry, Membership, Role, User
from tests.factories import MembershipFactory, UserFactory

ADD_NEW = reverse("people_add_new")
ADD_EXISTING = reverse("people_add_existing")
GOOD_PASSWORD = "tre glada hästar i hagen"

pytestmark = pytest.mark.usefixtures("no_second_factor")


@pytest.fixture
def karin(norrkoping, skatteverket):
    """What sara types in to add Karin, new at the tax agency, as an inspector."""
    return {
        "first_name": "Karin",
        "last_name": "Ek",
        "username": "karin",
        "email": "karin.ek@example.se",
        "collaboration": norrkoping.pk,
        "agency": skatteverket.pk,
        "role": Role.INSPECTOR,
    }


def _state():
    return User.objects.count(), Membership.objects.count(), AccessLogEntry.objects.count()


def _assert_field_error(response, field, message):
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    body = response.content.decode()
    # The message stands at the field, and the error summary links to the field.
    assert re.search(rf'id="id_{field}_error">[^<]*{re.escape(escape(message))}', body)
    assert f'href="#id_{field}"' in body
    assert re.search(rf'<[^>]*aria-invalid="true"[^>]*id="id_{field}"|id="id_{field}"[^>]*aria-invalid="true"', body)


# --- A new person -----------------------------------------------------------------------


def test_the_form_has_a_label_for_every_field(sara_client):
    response = sara_client.get(ADD_NEW)

    assert response.status_code == 200
    body = response.content.decode()
    for field in response.context["form"]:
        assert f'<label for="{field.id_for_label}">' in body


def test_sara_adds_a_new_inspector(sara_client, sara, karin, norrkoping, skatteverket):
    response = sara_client.post(ADD_NEW, karin)

    assert response.status_code == 200
    user = User.objects.get(username="karin")
    assert (user.first_name, user.last_name, user.email, user.is_active) == ("Karin", "Ek", "karin.ek@example.se", True)
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.collaboration, membership.agency, membership.role, membership.is_active) == (
        norrkoping,
        skatteverket,
        Role.INSPECTOR,
        True,
    )
    assert response.context["link"].startswith("http://testserver/personal/valj-losenord/")
    assert response.context["link"] in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]


def test_adding_a_new_person_is_written_to_the_access_log(sara_client, sara, karin, skatteverket):
    sara_client.post(ADD_NEW, karin)

    karin_user = User.objects.get(username="karin")
    membership = Membership.objects.get(user=karin_user)
    rows = {
        (row.action, row.object_type, row.object_id)
        for row in AccessLogEntry.objects.filter(user_id=sara.pk, object_agency_id=skatteverket.pk)
    }
    assert rows == {
        (AccessAction.CREATE, "agencies.user", str(karin_user.pk)),
        (AccessAction.CREATE, "agencies.membership", str(membership.pk)),
    }


def test_the_new_person_chooses_a_password_meeting_the_rules_with_the_link(sara_client, karin):
    link = sara_client.post(ADD_NEW, karin).context["link"]
    karin_client = Client()

    response = karin_client.get(link)
    assert response.status_code == 302
    form_url = response.url
    assert karin_client.get(form_url).context["validlink"]

    too_short = karin_client.post(form_url, {"new_password1": "kort-ord", "new_password2": "kort-ord"})
    assert too_short.status_code == 200
    assert too_short.context["form"].errors["new_password2"]
    assert not User.objects.get(username="karin").has_usable_password()

    done = karin_client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("people_password_done")
    assert User.objects.get(username="karin").check_password(GOOD_PASSWORD)
    # The link works once.
    assert not Client().get(link).context["validlink"]


def test_the_new_person_is_not_signed_in_by_choosing_a_password(sara_client, karin):
    link = sara_client.post(ADD_NEW, karin).context["link"]
    karin_client = Client()
    form_url = karin_client.get(link).url

    karin_client.post(form_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})

    # Signing in goes through the sign-in page, with its lockout and two-step verification.
    assert "_auth_user_id" not in karin_client.session


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter the first name."),
        ({"last_name": " "}, "last_name", "Enter the last name."),
        ({"username": ""}, "username", "Enter a username."),
        ({"username": "karin ek"}, "username", None),
        ({"username": "erik"}, "username", "That username is taken. Choose another one."),
        ({"username": "ERIK"}, "username", "That username is taken. Choose another one."),
        ({"email": "karin.ek"}, "email", "Enter an e-mail address like namn@myndighet.se."),
        ({"role": ""}, "role", "Choose a role."),
        ({"role": "journalist"}, "role", "Choose one of the roles."),
        ({"collaboration": ""}, "collaboration", "Choose a collaboration."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(sara_client, erik, karin, change, field, message):
    before = _state()

    response = sara_client.post(ADD_NEW, {**karin, **change})

    if message is None:
        message = response.context["form"].errors[field][0]
    _assert_field_error(response, field, message)
    assert _state() == before


def test_sara_cannot_add_anyone_to_the_fire_service(sara_client, karin, raddningstjansten):
    before = _state()

    response = sara_client.post(ADD_NEW, {**karin, "agency": raddningstjansten.pk})

    _assert_field_error(response, "agency", "Choose the agency you administer.")
    assert _state() == before
    # The form offers only her own agency.
    assert list(response.context["form"].fields["agency"].queryset) == [
        Membership.objects.get(user__username="sara").agency
    ]


def test_sara_cannot_add_anyone_to_a_collaboration_she_does_not_administer(sara_client, karin, linkoping):
    before = _state()

    response = sara_client.post(ADD_NEW, {**karin, "collaboration": linkoping.pk})

    _assert_field_error(response, "collaboration", "Choose one of the collaborations you administer.")
    assert _state() == before


def test_an_agency_must_be_administered_in_the_chosen_collaboration(
    sara_client, sara, karin, linkoping, polisen, skatteverket
):
    # sara administers the police in Linköping and the tax agency in Norrköping, not the tax agency in Linköping.
    MembershipFactory(user=sara, collaboration=linkoping, agency=polisen, role=Role.AGENCY_ADMIN)
    before = _state()

    response = sara_client.post(ADD_NEW, {**karin, "collaboration": linkoping.pk, "agency": skatteverket.pk})

    _assert_field_error(response, "agency", "You do not administer Skatteverket in LOS Linköping.")
    assert _state() == before


# --- A colleague who already uses LOS ---------------------------------------------------


def test_sara_adds_erik_to_linkoping(sara_client, sara, erik, linkoping, skatteverket):
    MembershipFactory(user=sara, collaboration=linkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    data = {"user": "erik", "collaboration": linkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    response = sara_client.post(ADD_EXISTING, data)

    assert response.status_code == 302
    assert response.url == reverse("people")
    membership = Membership.objects.get(user=erik, collaboration=linkoping)
    assert (membership.agency, membership.role, membership.is_active) == (skatteverket, Role.INSPECTOR, True)
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_type="agencies.membership", object_id=str(membership.pk), user_id=sara.pk
    ).exists()
    assert (
        "Erik Johansson now has the role inspector for Skatteverket in LOS Linköping."
        in sara_client.get(response.url).content.decode()
    )


def test_a_colleague_is_found_by_e_mail_address(sara_client, erik, norrkoping, skatteverket):
    data = {
        "user": "ERIK@example.se",
        "collaboration": norrkoping.pk,
        "agency": skatteverket.pk,
        "role": "agency_admin",
    }

    response = sara_client.post(ADD_EXISTING, data)

    assert response.status_code == 302
    assert Membership.objects.filter(user=erik, role=Role.AGENCY_ADMIN).exists()


@pytest.mark.parametrize("who", ["farah", "farah@example.se", "anna", "nobody"])
def test_people_of_other_agencies_cannot_be_found(sara_client, farah, anna, norrkoping, skatteverket, who):
    before = _state()
    data = {"user": who, "collaboration": norrkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    response = sara_client.post(ADD_EXISTING, data)

    # The same answer as for a name nobody has: it tells nothing about people elsewhere.
    _assert_field_error(response, "user", "No one at Skatteverket has that username or e-mail address.")
    assert _state() == before


def test_the_same_role_twice_is_refused_at_the_role(sara_client, erik, norrkoping, skatteverket):
    before = _state()
    data = {"user": "erik", "collaboration": norrkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    response = sara_client.post(ADD_EXISTING, data)

    _assert_field_error(response, "role", "Erik Johansson already has this role.")
    assert _state() == before


def test_a_deactivated_role_is_to_be_reactivated_not_added(sara_client, erik, norrkoping, skatteverket):
    Membership.objects.filter(user=erik).update(is_active=False)
    before = _state()
    data = {"user": "erik", "collaboration": norrkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    response = sara_client.post(ADD_EXISTING, data)

    message = "Erik Johansson already has this role, but it is deactivated. Reactivate it in the list of people."
    _assert_field_error(response, "role", message)
    assert _state() == before


def test_an_empty_search_is_refused_at_the_field(sara_client, norrkoping, skatteverket):
    data = {"user": "", "collaboration": norrkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    response = sara_client.post(ADD_EXISTING, data)

    _assert_field_error(response, "user", "Enter the person's username or e-mail address.")


def test_a_colleague_whose_account_was_closed_is_opened_again(sara_client, sara, erik, linkoping, skatteverket):
    MembershipFactory(user=sara, collaboration=linkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    Membership.objects.filter(user=erik).update(is_active=False)
    User.objects.filter(pk=erik.pk).update(is_active=False)
    data = {"user": "erik", "collaboration": linkoping.pk, "agency": skatteverket.pk, "role": Role.INSPECTOR}

    assert sara_client.post(ADD_EXISTING, data).status_code == 302

    erik.refresh_from_db()
    assert erik.is_active
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, object_type="agencies.user", object_id=str(erik.pk), user_id=sara.pk
    ).exists()


# --- The service itself, behind the form ------------------------------------------------


def test_the_service_refuses_an_agency_the_admin_does_not_administer(sara, farah, norrkoping, raddningstjansten):
    before = _state()

    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            by=sara,
            collaboration=norrkoping,
            agency=raddningstjansten,
            role=Role.INSPECTOR,
            new_user={"username": "karin", "first_name": "Karin", "last_name": "Ek", "email": "karin@example.se"},
        )

    assert "agency" in excinfo.value.message_dict
    assert _state() == before


def test_the_service_refuses_someone_from_another_agency(sara, farah, norrkoping, skatteverket):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(by=sara, collaboration=norrkoping, agency=skatteverket, role=Role.INSPECTOR, user=farah)

    assert "user" in excinfo.value.message_dict
    assert not Membership.objects.filter(user=farah, agency=skatteverket).exists()


def test_an_inspector_cannot_add_people(erik, norrkoping, skatteverket):
    with pytest.raises(ValidationError):
        services.membership_add(
            by=erik,
            collaboration=norrkoping,
            agency=skatteverket,
            role=Role.AGENCY_ADMIN,
            new_user={"username": "karin", "first_name": "Karin", "last_name": "Ek", "email": "karin@example.se"},
        )

    assert not User.objects.filter(username="karin").exists()


def test_a_tax_agency_admin_cannot_appoint_a_coordinator(skatteverket, norrkoping, erik):
    from agencies.services import membership_add
    from tests.factories import MembershipFactory

    sara = UserFactory(username="sara-admin")
    MembershipFactory(user=sara, collaboration=norrkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    with pytest.raises(ValidationError) as refused:
        membership_add(by=sara, collaboration=norrkoping, agency=skatteverket, role=Role.COORDINATOR, user=erik)
    assert "role" in refused.value.message_dict
    assert not Membership.objects.filter(user=erik, role=Role.COORDINATOR).exists()
