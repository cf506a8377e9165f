"""Database URLs in messages: never a password, with or without SQLAlchemy."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from wsguard.store.db import masked as db_masked
from wsguard.store.urls import first_line, masked

URLS = [
    "postgresql+psycopg://u:pw@h/db",
    "postgresql+psycopg://u:s3cr3t@h:5432/db?options=-csearch_path%3Dx",
    "postgresql://u:pa/ss@h/db",
    "postgresql://u@h/db",
    "sqlite:////tmp/ws/workspace.db",
    "sqlite:///file:/tmp/ws.db?mode=ro&uri=true",
]


@pytest.mark.parametrize("url", URLS)
def test_masked_hides_the_password_as_sqlalchemy_does(url: str) -> None:
    parsed = make_url(url)
    assert masked(url) == db_masked(url)
    if parsed.password is not None:
        assert str(parsed.password) not in masked(url) and ":***@" in masked(url)
        assert masked(url) == parsed.render_as_string(hide_password=True)
    else:
        assert masked(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u@h/db?password=pw-secret",
        "postgresql+psycopg://u@h/db?sslmode=require&password=pw-secret&x=1",
        "postgresql+psycopg://u@h/db?PASSWORD=pw-secret",
        "postgresql+psycopg://u:pw-secret@h/db?sslpassword=pw-secret",
        "host=h password=pw-secret dbname=db",
        "host=h password='pw-secret' dbname=db",
    ],
)
def test_masked_hides_a_password_in_every_form(url: str) -> None:
    assert "pw-secret" not in masked(url)
    assert "***" in masked(url)
    if "://" in url:
        assert "pw-secret" not in db_masked(make_url(url))


def test_not_a_url_keeps_nothing_before_an_at() -> None:
    assert masked("ada:pw@host") == "host"


def test_first_line() -> None:
    assert first_line(RuntimeError("database is locked\nmore")) == "database is locked"
    assert first_line(RuntimeError("")) == "RuntimeError"
