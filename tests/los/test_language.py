"""Swedish first: pages are in Swedish unless the user chose English with the language switch."""

import pytest
from django.conf import settings

LOGIN = "/konto/logga-in/"


def test_swedish_is_the_default_language():
    assert settings.LANGUAGE_CODE == "sv"
    assert [code for code, _name in settings.LANGUAGES] == ["sv", "en"]


@pytest.mark.django_db
def test_the_login_page_is_in_swedish_for_a_browser_that_states_no_language(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"


@pytest.mark.django_db
def test_a_browser_set_to_english_still_gets_swedish(client):
    # Deliberate (los/middleware.py): many office browsers are set to English, their users expect Swedish.
    response = client.get(LOGIN, headers={"Accept-Language": "en"})
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.django_db
def test_the_login_page_is_in_english_once_english_is_chosen(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(LOGIN, headers={"Accept-Language": "en"})
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unsupported_language_choice_falls_back_to_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="sv">' in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_choosing_english_with_the_language_switch_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(LOGIN).content.decode()
