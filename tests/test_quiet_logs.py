"""A request for a host we do not serve is refused and logged in one line, not a traceback."""

import logging

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_bad_host_header_is_one_log_line(caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = Client().get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "attacker.example" in record.getMessage()
    assert record.exc_info is None
    formatted = logging.Formatter().format(record)
    assert "Traceback" not in formatted
    assert len(formatted.splitlines()) == 1
