"""The compiled rules cache: reused while nothing changed, never when something did."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wsguard.errors import ConfigError
from wsguard.rules import compiled
from wsguard.rules.config import load_config
from wsguard.workspace import cache_home

PROJECT_RULES = Path(__file__).resolve().parents[2] / "rules.yaml"
SYNCED = """version: 1
rules:
  - id: same-editorconfig
    kind: synced-file
    message: one editorconfig
    files: [.editorconfig]
    canonical_file: editorconfig
"""


def _entries() -> list[Path]:
    folder = cache_home() / "rules"
    return sorted(folder.glob("*.marshal")) if folder.is_dir() else []


def test_second_load_comes_from_the_cache_and_is_equal(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(PROJECT_RULES.read_bytes())
    first = load_config(rules)
    assert len(_entries()) == 1
    cached = compiled.load(rules, rules.read_bytes())
    assert cached is not None
    assert cached == first and cached.digest == first.digest
    assert load_config(rules) == first


def test_an_edited_file_is_validated_again(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(PROJECT_RULES.read_bytes())
    load_config(rules)
    rules.write_text(rules.read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(rules)  # the cache is keyed by the bytes: a bad edit never passes


def test_a_changed_canonical_file_invalidates_the_entry(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(SYNCED, encoding="utf-8")
    canonical = tmp_path / "editorconfig"
    canonical.write_text("root = true\n", encoding="utf-8")
    assert load_config(rules).rules[0].options["canonical_content"] == b"root = true\n"
    canonical.write_text("root = false\n", encoding="utf-8")
    os.utime(canonical, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    assert compiled.load(rules, rules.read_bytes()) is None
    assert load_config(rules).rules[0].options["canonical_content"] == b"root = false\n"
    canonical.unlink()
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(rules)


def test_a_corrupt_entry_means_a_normal_load(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(PROJECT_RULES.read_bytes())
    expected = load_config(rules)
    (entry,) = _entries()
    entry.write_bytes(b"\x00garbage")
    assert compiled.load(rules, rules.read_bytes()) is None
    assert load_config(rules) == expected


def test_an_unwritable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "rules.yaml"
    rules.write_bytes(PROJECT_RULES.read_bytes())
    assert load_config(rules).rules
    assert compiled.load(rules, rules.read_bytes()) is None
