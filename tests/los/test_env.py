"""Settings from the environment: a bad value stops the start with the variable's name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from los.env import env_bool, env_int, env_list, env_str

NAME = "LOS_TEST_SETTING"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    monkeypatch.delenv(f"{NAME}_FILE", raising=False)


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " true "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)
    assert env_bool(NAME, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)
    assert env_bool(NAME, True) is False


def test_env_bool_uses_the_default_when_unset():
    assert env_bool(NAME, True) is True
    assert env_bool(NAME, False) is False


@pytest.mark.parametrize("raw", ["maybe", "ja", "2", "tru"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(ImproperlyConfigured, match=NAME) as excinfo:
        env_bool(NAME, False)
    assert repr(raw) in str(excinfo.value)


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv(NAME, "1800")
    assert env_int(NAME, 60) == 1800


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_uses_the_default_when_unset_or_empty(monkeypatch, raw):
    if raw is not None:
        monkeypatch.setenv(NAME, raw)
    assert env_int(NAME, 60) == 60


@pytest.mark.parametrize("raw", ["ten", "1.5", "30m", "0x10"])
def test_env_int_refuses_what_is_not_a_whole_number_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be a whole number"):
        env_int(NAME, 60)


def test_env_int_refuses_a_number_below_the_minimum_naming_the_variable(monkeypatch):
    monkeypatch.setenv(NAME, "59")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be at least 60, not 59"):
        env_int(NAME, 1800, minimum=60)


def test_env_int_accepts_the_minimum_itself(monkeypatch):
    monkeypatch.setenv(NAME, "60")
    assert env_int(NAME, 1800, minimum=60) == 60


def test_env_str_reads_the_variable(monkeypatch):
    monkeypatch.setenv(NAME, "plain value")
    assert env_str(NAME) == "plain value"


def test_env_str_uses_the_default_for_an_empty_variable(monkeypatch):
    monkeypatch.setenv(NAME, "")
    assert env_str(NAME, "fallback") == "fallback"


def test_env_str_refuses_a_missing_required_variable_naming_it():
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be set"):
        env_str(NAME, required=True)


def test_the_file_variable_wins_over_the_plain_one(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n", encoding="utf-8")
    monkeypatch.setenv(NAME, "from-the-environment")
    monkeypatch.setenv(f"{NAME}_FILE", str(secret))
    assert env_str(NAME) == "from-the-file"


def test_an_unreadable_file_stops_the_start_naming_the_file_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(NAME, "from-the-environment")
    monkeypatch.setenv(f"{NAME}_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=f"{NAME}_FILE: cannot read"):
        env_str(NAME)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv(NAME, "los.example.se, localhost ,,")
    assert env_list(NAME) == ["los.example.se", "localhost"]
