from __future__ import annotations

import pytest
import sqlalchemy as sa

from wsguard.store.db import Database
from wsguard.store.models.drift import DriftDetection
from wsguard.store.models.sessions import WorkSession


def _indexed(inspector: sa.Inspector, table: str) -> set[tuple[str, ...]]:
    found = {tuple(i["column_names"]) for i in inspector.get_indexes(table)}  # type: ignore[arg-type]
    found |= {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    return found


def test_relations_and_guard_columns_are_indexed(db_url: str) -> None:
    with Database(db_url) as database:
        inspector = sa.inspect(database.engine)
        assert ("repo",) in _indexed(inspector, "task_repos")
        assert ("depends_on",) in _indexed(inspector, "task_dependencies")
        assert ("repo",) in _indexed(inspector, "issue_repos")
        assert ("related_task_id",) in _indexed(inspector, "issues")
        assert ("rule_id",) in _indexed(inspector, "issues")
        assert ("decision_id",) in _indexed(inspector, "session_decisions")
        assert ("task_id",) in _indexed(inspector, "decision_tasks")
        detections = _indexed(inspector, "drift_detections")
        assert ("fingerprint",) in detections and ("repo", "status") in detections


def test_fingerprint_is_unique(db_url: str) -> None:
    with Database(db_url) as database:
        row = dict(
            rule_id="r",
            repo="core",
            path="x.py",
            fingerprint="f",
            message="m",
            severity="error",
            status="open",
        )
        with database.session_scope() as session:
            session.add(DriftDetection(**row))
        with pytest.raises(sa.exc.IntegrityError), database.session_scope() as session:
            session.add(DriftDetection(**row))
            session.flush()


def test_extra_defaults_to_an_empty_object(db_url: str) -> None:
    with Database(db_url) as database:
        with database.session_scope() as session:
            session.add(WorkSession(id="S", status="active"))
        with database.session_scope() as session:
            assert session.get(WorkSession, "S").extra == {}  # type: ignore[union-attr]
