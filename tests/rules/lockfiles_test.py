"""Lockfiles as the ground truth: resolved versions and transitive dependencies.

The files in ``lockfiles/`` were made by the real tools (uv 0.13.9 ``uv lock``
and ``uv export --format pylock.toml``, Poetry 2.5.1 ``poetry lock``) from the
``*-pyproject.toml`` beside them, then trimmed of their sdist/wheel/file lists.
"""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, config, workspace
from wsguard.rules.lockfiles import chains, parse_lock

HERE = Path(__file__).parent / "lockfiles"


def read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def test_uv_lock_graph() -> None:
    lock = parse_lock("uv.lock", read("core-uv.lock"))
    assert lock.graph
    assert [e.version for e in lock.packages["sqlalchemy"]] == ["2.0.30"]
    assert len(lock.packages["numpy"]) == 2  # forked by Python version, each with its markers
    assert all(e.marker for e in lock.packages["numpy"])
    assert chains(lock, "statsmodels", ["pandas"]) == {"pandas": ["statsmodels", "pandas"]}
    (root,) = [e for entries in lock.packages.values() for e in entries if e.root]
    assert root.name == "meridian-core"


def test_poetry_lock_graph() -> None:
    lock = parse_lock("poetry.lock", read("core-poetry.lock"))
    assert [e.version for e in lock.packages["sqlalchemy"]] == ["2.0.30"]
    assert chains(lock, "statsmodels", ["pandas"]) == {"pandas": ["statsmodels", "pandas"]}
    entry = lock.packages["pandas"][0]
    assert read("core-poetry.lock").splitlines()[entry.line - 1] == 'name = "pandas"'


def test_pylock_without_a_graph() -> None:
    lock = parse_lock("pylock.toml", read("core-pylock.toml"))
    assert not lock.graph
    assert "pandas" in lock.packages


NO_PANDAS = """
- id: no-pandas
  kind: forbidden-dependency
  message: core must not depend on pandas
  packages: [pandas]
  transitive: true
"""


def test_transitive_pandas_through_uv_lock_names_the_chain() -> None:
    files = {"pyproject.toml": read("core-uv-pyproject.toml"), "uv.lock": read("core-uv.lock")}
    (finding,) = check(config(NO_PANDAS), files)
    assert (finding.path, finding.line, finding.col) == ("pyproject.toml", 7, 5)
    assert "meridian-core → statsmodels → pandas" in finding.message
    assert "locked in uv.lock" in finding.message
    declared_only = config(NO_PANDAS.replace("transitive: true", "transitive: false"))
    assert check(declared_only, files) == []


def test_transitive_pandas_through_poetry_lock() -> None:
    files = {
        "pyproject.toml": read("core-poetry-pyproject.toml"),
        "poetry.lock": read("core-poetry.lock"),
    }
    (finding,) = check(config(NO_PANDAS), files)
    assert (finding.path, finding.line) == ("pyproject.toml", 11)
    assert "meridian-core → statsmodels → pandas" in finding.message


def test_a_lockfile_committed_alone_is_checked_against_its_manifest() -> None:
    manifest = read("core-uv-pyproject.toml").encode()
    (finding,) = check(
        config(NO_PANDAS),
        {"uv.lock": read("core-uv.lock")},
        # the manifest is in the repository, not in this commit
        read_other={"pyproject.toml": manifest}.get,
    )
    assert finding.path == "uv.lock"
    assert read("core-uv.lock").splitlines()[finding.line - 1] == 'name = "pandas"'
    assert "meridian-core → statsmodels → pandas" in finding.message
    assert "statsmodels declared at pyproject.toml:7" in finding.message


def test_a_pylock_without_graph_still_says_pandas_is_installed() -> None:
    (finding,) = check(config(NO_PANDAS), {"pylock.toml": read("core-pylock.toml")})
    assert "locks forbidden pandas" in finding.message


HAND_PYLOCK = """\
lock-version = "1.0"
created-by = "hand"

[[packages]]
name = "meridian-stats"
version = "1.0"
dependencies = [{name = "Pandas"}]

[[packages]]
name = "pandas"
version = "2.2.2"
"""


def test_a_pylock_with_dependencies() -> None:
    files = {
        "requirements.txt": "click\nmeridian_stats==1.0\n",
        "pylock.toml": HAND_PYLOCK,
    }
    (finding,) = check(config(NO_PANDAS), files)
    assert (finding.path, finding.line) == ("requirements.txt", 2)
    assert "meridian-core → meridian-stats → pandas" in finding.message


SQLA = """
- id: one-sqlalchemy
  kind: consistent-dependency
  message: one SQLAlchemy version
  packages: [SQLAlchemy]
"""


def test_equivalent_pins_across_repos_agree() -> None:
    repos = {
        "meridian-core": {"pyproject.toml": '[project]\ndependencies = ["SQLAlchemy==2.0"]\n'},
        "meridian-trading": {"requirements.txt": "sqlalchemy==2.0.0\n"},
        "meridian-research": {"requirements.txt": "sqlalchemy <3, >=2.0\n"},
    }
    for repo in repos:
        assert workspace(config(SQLA), repo, repos) == []


def test_different_pins_are_found_at_the_true_line_of_each() -> None:
    repos = {
        "meridian-core": {
            "pyproject.toml": (
                '[project]\nname = "c"\ndependencies = [\n  "click",\n  "SQLAlchemy==2.0",\n]\n'
            )
        },
        "meridian-trading": {"setup.cfg": "[options]\ninstall_requires =\n  sqlalchemy==2.1\n"},
        "meridian-research": {"requirements.txt": "click\nsqlalchemy>=1.4,<2\n"},
    }
    (core,) = workspace(config(SQLA), "meridian-core", repos)
    assert (core.path, core.line, core.col) == ("pyproject.toml", 5, 3)
    assert "`==2.1` in meridian-trading/setup.cfg: they pin different versions" in core.message
    assert "in meridian-research/requirements.txt: their ranges exclude each other" in core.message
    (trading,) = workspace(config(SQLA), "meridian-trading", repos)
    assert (trading.path, trading.line, trading.col) == ("setup.cfg", 3, 3)
    (research,) = workspace(config(SQLA), "meridian-research", repos)
    assert (research.path, research.line) == ("requirements.txt", 2)


def test_marker_specific_pins_are_compared_where_both_apply() -> None:
    repos = {
        "meridian-core": {
            "requirements.txt": (
                "sqlalchemy==1.4; sys_platform == 'win32'\n"
                "sqlalchemy==2.0; sys_platform != 'win32'\n"
            )
        },
        "meridian-trading": {"requirements.txt": "sqlalchemy==2.0.0; sys_platform == 'linux'\n"},
    }
    assert workspace(config(SQLA), "meridian-core", repos) == []
    assert workspace(config(SQLA), "meridian-trading", repos) == []
    repos["meridian-trading"]["requirements.txt"] = "sqlalchemy==2.0\n"  # also on Windows
    (finding,) = workspace(config(SQLA), "meridian-core", repos)
    assert finding.line == 1
    assert 'where sys_platform == "win32"' in finding.message


def test_resolved_versions_from_real_uv_locks() -> None:
    repos = {
        "meridian-core": {
            "pyproject.toml": read("core-uv-pyproject.toml"),
            "uv.lock": read("core-uv.lock"),
        },
        "meridian-trading": {
            "pyproject.toml": read("trading-uv-pyproject.toml"),
            "uv.lock": read("trading-uv.lock"),
        },
        "meridian-research": {"requirements.txt": "sqlalchemy>=2\n"},
    }
    resolved = config(SQLA + "  compare: resolved\n")
    (finding,) = workspace(resolved, "meridian-core", repos)
    assert (finding.path, finding.line) == ("pyproject.toml", 6)
    assert "locked at 2.0.30 here but locked at 2.0.25 in meridian-trading/pyproject.toml" in (
        finding.message
    )
    # the research range admits both: not a conflict
    assert "research" not in finding.message
