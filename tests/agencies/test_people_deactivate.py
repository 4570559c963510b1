"""Ending and restoring a role: the last role closes the account and ends its sessions."""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from agencies import services
from agencies.models import AccessAction, AccessLogEntry, Membership, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.usefixtures("no_second_factor")


def _only_membership(user):
    return Membership.objects.get(user=user)


def _deactivate_url(membership):
    return reverse("people_deactivate", args=[membership.pk])


def _sessions_of(user):
    return [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def test_sara_is_asked_to_confirm(sara_client, erik):
    membership = _only_membership(erik)

    response = sara_client.get(_deactivate_url(membership))

    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]
    assert "Erik Johansson" in main
    assert 'method="post"' in main
    assert Membership.objects.get(pk=membership.pk).is_active


def test_deactivating_eriks_only_role_closes_his_account_and_ends_his_sessions(sara_client, sara, erik):
    erik_client = Client()
    erik_client.force_login(erik)
    assert _sessions_of(erik)
    membership = _only_membership(erik)

    response = sara_client.post(_deactivate_url(membership))

    assert response.status_code == 302
    assert response.url == reverse("people")
    membership.refresh_from_db()
    erik.refresh_from_db()
    assert not membership.is_active
    assert not erik.is_active
    assert not _sessions_of(erik)
    assert erik_client.get(reverse("home")).status_code == 302  # sent to sign in
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE,
        object_type="agencies.membership",
        object_id=str(membership.pk),
        object_agency_id=membership.agency_id,
        user_id=sara.pk,
    ).exists()
    assert "Erik Johansson no longer has the role inspector." in sara_client.get(response.url).content.decode()


def test_a_person_with_another_active_role_keeps_the_account(sara_client, erik, linkoping, skatteverket):
    MembershipFactory(user=erik, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR)
    erik_client = Client()
    erik_client.force_login(erik)

    sara_client.post(_deactivate_url(Membership.objects.get(user=erik, collaboration__slug="norrkoping")))

    erik.refresh_from_db()
    assert erik.is_active
    assert _sessions_of(erik)


def test_sara_cannot_deactivate_farahs_role(sara_client, farah):
    membership = _only_membership(farah)

    assert sara_client.get(_deactivate_url(membership)).status_code == 404
    assert sara_client.post(_deactivate_url(membership)).status_code == 404
    assert sara_client.post(reverse("people_reactivate", args=[membership.pk])).status_code == 404
    membership.refresh_from_db()
    farah.refresh_from_db()
    assert membership.is_active and farah.is_active


def test_sara_cannot_reach_her_agencys_people_in_a_collaboration_she_does_not_administer(
    sara_client, erik, linkoping, skatteverket
):
    elsewhere = MembershipFactory(user=erik, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR)

    assert sara_client.post(_deactivate_url(elsewhere)).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_sara_cannot_deactivate_her_own_last_admin_role(sara_client, sara):
    membership = _only_membership(sara)
    message = "You cannot deactivate your own last administrator role. Ask another administrator of your agency."

    page = sara_client.get(_deactivate_url(membership))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert 'method="post"' not in page.content.decode().split("<main", 1)[1]

    response = sara_client.post(_deactivate_url(membership))
    assert response.status_code == 400
    assert message in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


def test_an_admin_with_a_second_admin_role_may_end_one(sara_client, sara, linkoping, skatteverket):
    MembershipFactory(user=sara, collaboration=linkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    norrkoping_role = Membership.objects.get(user=sara, collaboration__slug="norrkoping")

    assert sara_client.post(_deactivate_url(norrkoping_role)).status_code == 302

    norrkoping_role.refresh_from_db()
    assert not norrkoping_role.is_active
    assert sara_client.get(reverse("people")).status_code == 200


def test_reactivating_opens_the_account_again(sara_client, sara, erik):
    membership = _only_membership(erik)
    sara_client.post(_deactivate_url(membership))

    response = sara_client.post(reverse("people_reactivate", args=[membership.pk]))

    assert response.status_code == 302
    membership.refresh_from_db()
    erik.refresh_from_db()
    assert membership.is_active and erik.is_active
    rows = AccessLogEntry.objects.filter(action=AccessAction.CHANGE, user_id=sara.pk, object_id=str(membership.pk))
    assert rows.filter(object_type="agencies.membership").count() == 2
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, object_type="agencies.user", object_id=str(erik.pk), user_id=sara.pk
    ).exists()


def test_reactivate_takes_only_a_post(sara_client, erik):
    assert sara_client.get(reverse("people_reactivate", args=[_only_membership(erik).pk])).status_code == 405


def test_deactivating_twice_changes_nothing_more(sara, erik):
    membership = _only_membership(erik)
    services.membership_deactivate(by=sara, membership=membership)
    rows = AccessLogEntry.objects.count()

    services.membership_deactivate(by=sara, membership=membership)

    assert AccessLogEntry.objects.count() == rows


def test_the_service_refuses_a_membership_the_admin_does_not_administer(sara, farah):
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(by=sara, membership=_only_membership(farah))
    assert _only_membership(farah).is_active


def test_the_form_posts_with_the_csrf_token(sara, erik, settings):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(sara)
    url = _deactivate_url(_only_membership(erik))
    csrf_client.get(url)

    response = csrf_client.post(url, {"csrfmiddlewaretoken": csrf_client.cookies[settings.CSRF_COOKIE_NAME].value})

    assert response.status_code == 302
    assert not _only_membership(erik).is_active
