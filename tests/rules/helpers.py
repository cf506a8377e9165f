"""Small builders for rule tests: a config from YAML text, findings from plain strings."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

from wsguard.rules.config import Config, load_config_text
from wsguard.rules.engine import FileInput, MemoryRepoView, check_files, check_workspace
from wsguard.values import Finding

REPOS = """
repos:
  meridian-core: {source_roots: [src], packages: [meridian_core]}
  meridian-trading: {source_roots: [src], packages: [meridian_trading]}
  meridian-research: {source_roots: [src], packages: [meridian_research]}
"""


def config(rules: str, repos: str = REPOS) -> Config:
    return load_config_text(
        "version: 1\n"
        + repos
        + "rules:\n"
        + textwrap.indent(textwrap.dedent(rules).strip("\n"), "  ")
        + "\n"
    )


def check(
    cfg: Config,
    files: Mapping[str, str | bytes],
    repo: str = "meridian-core",
    all_paths: set[str] | None = None,
    read_other: Callable[[str], bytes | None] | None = None,
) -> list[Finding]:
    inputs = [FileInput(p, d.encode() if isinstance(d, str) else d) for p, d in files.items()]
    return check_files(cfg, repo, inputs, all_paths, read_other)


def lines(findings: list[Finding], rule: str | None = None) -> list[int]:
    return [f.line for f in findings if rule is None or f.rule == rule]


def workspace(
    cfg: Config, repo: str, repos: Mapping[str, Mapping[str, str | bytes]]
) -> list[Finding]:
    views = {name: MemoryRepoView(name, files) for name, files in repos.items()}
    return check_workspace(cfg, repo, views)
