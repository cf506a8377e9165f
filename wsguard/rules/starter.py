"""The commented starter ``rules.yaml`` that ``wsguard init`` writes."""

from __future__ import annotations

from collections.abc import Sequence

HEADER = """\
# wsguard workspace policy, written by `wsguard init`. Every rule has an id, a kind,
# a message, and optionally: severity (error blocks a commit; warning and info do
# not), repos (names or globs; default all), paths / exclude (gitignore-style),
# decision (the ADR it enforces), issue_type and remediation.
# Every kind and field: docs/rules.md in wsguard's repository, or
# `wsguard rules explain ID`. Validate this file with `wsguard rules check`.
#
# Suppress one finding on its line:   # wsguard: ignore[rule-id] because <reason>
version: 1
"""

RULES = """\
rules:
  # Every repo has the files a newcomer looks for first.
  - id: repo-essentials
    kind: required-file
    message: every repo has a README and a LICENSE
    files: ["README*", "LICENSE*"]
    remediation: Add the missing file at the repo root.

  # No hard-coded home-directory paths (a warning: reported, never blocks).
  - id: no-home-paths
    kind: forbidden-pattern
    message: no hard-coded home-directory paths
    severity: warning
    pattern: '(/home/[A-Za-z0-9_.-]+/|/Users/[A-Za-z0-9_.-]+/)'
    paths: ["*.py", "*.toml", "*.cfg", "*.yaml", "*.yml", "*.sh"]
    remediation: Use Path.home(), an environment variable or a setting.

  # Examples to adapt (uncomment, and name your repos and modules):
  #
  # - id: no-data-science-in-{first}
  #   kind: forbidden-import
  #   message: {first} must not import data-science libraries
  #   repos: [{first}]
  #   modules: [pandas, numpy]
  #   decision: ADR-001
  #
  # - id: one-sqlalchemy
  #   kind: consistent-dependency
  #   message: all repos pin the same SQLAlchemy version
  #   packages: [sqlalchemy]
  #
  # - id: layers
  #   kind: layers
  #   message: lower layers must not import higher ones
  #   layers: [{layers}]   # highest first
"""


def starter_rules(repos: Sequence[str]) -> str:
    """A commented rules.yaml for a workspace holding ``repos`` (folder names)."""
    names = list(repos) or ["my-repo"]
    listed = "".join(f"  {name}:\n    path: {name}\n" for name in repos)
    repos_block = (
        "\n# The repositories of this workspace (found by `wsguard init`).\nrepos:\n" + listed
        if repos
        else "\n# No git repositories were found beside this file: add them under repos:.\n"
    )
    return (
        HEADER
        + repos_block
        + "\n"
        + RULES.format(first=names[0], layers=", ".join(reversed(names)))
    )
