import pytest
from django.core.exceptions import ImproperlyConfigured

from bodymap.env import env_bool, env_int, env_list, env_url


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Off", False), ("no", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_uses_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True


def test_env_bool_rejects_nonsense_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG='maybe' is not a boolean"):
        env_bool("DJANGO_DEBUG")


def test_env_int_rejects_words_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-5")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 1, minimum=0)
    monkeypatch.setenv("N", "42")
    assert env_int("N", 1, minimum=0) == 42


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " example.org, ,www.example.org,")
    assert env_list("HOSTS") == ["example.org", "www.example.org"]


def test_env_url_rejects_an_unknown_scheme(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_url("DATABASE_URL", schemes=("sqlite", "postgres"))


def test_env_url_rejects_a_bare_word(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "localhost")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env_url("REDIS_URL", schemes=("redis",))


def test_env_url_accepts_a_good_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    assert env_url("DATABASE_URL", schemes=("postgres",)).startswith("postgres://")
