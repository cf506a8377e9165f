"""The ``rules.yaml`` schema: repos, rules, and their validation."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from wsguard.errors import ConfigError
from wsguard.places import DEFAULT_SOURCE_ROOTS
from wsguard.rules.globs import matcher
from wsguard.rules.kinds import KINDS
from wsguard.rules.kinds.base import ValidateCtx
from wsguard.rules.validate import (
    ID_RE,
    MODULE_RE,
    Fields,
    Problems,
    check_patterns,
    check_repo_names,
)
from wsguard.values import SEVERITIES, RuleInfo

if TYPE_CHECKING:
    from wsguard.rules.yamlsource import Located

SCHEMA_VERSION = 1
MAX_READ = 1 << 20  # the YAML loader refuses more; don't read a huge file to say so
COMMON_FIELDS = (
    "id",
    "kind",
    "message",
    "severity",
    "repos",
    "paths",
    "exclude",
    "decision",
    "issue_type",
    "remediation",
    "allow_bare_suppressions",
)
REPO_FIELDS = ("path", "source_roots", "packages")
TOP_FIELDS = ("version", "repos", "rules")


class RepoConfig(NamedTuple):
    name: str
    path: str | None  # relative to the workspace root; None: the folder named like the repo
    source_roots: tuple[str, ...]
    packages: tuple[str, ...]  # top-level packages the repo provides


class Rule(NamedTuple):
    id: str
    kind: str
    message: str
    severity: str = "error"
    repos: tuple[str, ...] = ()  # names or globs; () = every repo
    paths: tuple[str, ...] = ()  # gitignore-style; () = every path the kind reads
    exclude: tuple[str, ...] = ()
    decision: str | None = None
    issue_type: str | None = None
    remediation: str | None = None
    options: Mapping[str, Any] = MappingProxyType({})
    allow_bare_suppressions: bool = False

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    def applies_to_repo(self, name: str) -> bool:
        return not self.repos or any(fnmatch.fnmatchcase(name, r) for r in self.repos)

    def applies_to_path(self, path: str) -> bool:
        included = not self.paths or matcher(self.paths)(path)
        return included and not (self.exclude and matcher(self.exclude)(path))

    def info(self) -> RuleInfo:
        return RuleInfo(
            self.id,
            self.kind,
            self.severity,
            self.message,
            self.decision,
            self.remediation,
            self.issue_type,
            KINDS[self.kind].check_workspace is not None,
        )

    def normalised(self) -> dict[str, Any]:
        """A JSON-able form, used for the digest and ``rules list --json``."""
        return {
            "id": self.id,
            "kind": self.kind,
            "message": self.message,
            "severity": self.severity,
            "repos": list(self.repos),
            "paths": list(self.paths),
            "exclude": list(self.exclude),
            "decision": self.decision,
            "issue_type": self.issue_type,
            "remediation": self.remediation,
            "allow_bare_suppressions": self.allow_bare_suppressions,
            "options": {k: _jsonable(v) for k, v in sorted(self.options.items())},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


class Config(NamedTuple):
    path: Path
    rules: tuple[Rule, ...]
    repos: Mapping[str, RepoConfig] = MappingProxyType({})

    @property
    def digest(self) -> str:
        """Everything the rules say, hashed: equal digests, equal verdicts on equal input."""
        payload = {
            "version": SCHEMA_VERSION,
            "repos": {n: r._asdict() for n, r in sorted(self.repos.items())},
            "rules": [r.normalised() for r in self.rules],
        }
        blob = json.dumps(payload, sort_keys=True, default=list).encode()
        return hashlib.sha256(blob).hexdigest()

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def repo(self, name: str) -> RepoConfig:
        return self.repos.get(name) or RepoConfig(name, None, DEFAULT_SOURCE_ROOTS, ())


def _parse_repos(doc: Located, value: Any, problems: Problems) -> dict[str, RepoConfig]:
    top = Fields({"repos": value}, doc, (), problems)
    if value is None:
        return {}
    if not isinstance(value, dict):
        top.error("repos", "'repos' must be a mapping of repo name -> settings")
        return {}
    repos = {}
    for name, settings in value.items():
        fields = Fields(settings or {}, doc, ("repos", name), problems)
        if not isinstance(settings, (dict, type(None))):
            fields.error(
                None, f"repo '{name}' must be a mapping (fields: {', '.join(REPO_FIELDS)})"
            )
            continue
        fields.unknown(REPO_FIELDS, f"repo '{name}'")
        roots = fields.strings("source_roots")
        packages = fields.names("packages", MODULE_RE, "package name")
        repos[name] = RepoConfig(
            name, fields.string("path"), roots or DEFAULT_SOURCE_ROOTS, packages
        )
    return repos


def _parse_rule(fields: Fields, ctx: ValidateCtx, problems: Problems) -> Rule | None:
    if not isinstance(fields.data, dict):
        fields.error(None, "each rule must be a mapping (fields: id, kind, message, …)")
        return None
    kind_name = fields.string("kind", required=True, choices=sorted(KINDS))
    kind = KINDS.get(kind_name or "")
    allowed = COMMON_FIELDS + tuple(kind.fields if kind else ())
    if kind is not None:
        fields.unknown(allowed, f"a {kind.name} rule")
    rule_id = fields.string("id", required=True)
    if rule_id and (not re.fullmatch(ID_RE, rule_id) or rule_id.startswith("wsguard")):
        fields.error(
            "id",
            f"id {rule_id!r} must use letters, digits, '.', '_', '-' and not start with 'wsguard'",
        )
    message = fields.string("message", required=True)
    severity = fields.string("severity", choices=SEVERITIES) or "error"
    repos = fields.strings("repos")
    check_repo_names(fields, "repos", repos, ctx.repos)
    paths, exclude = fields.strings("paths"), fields.strings("exclude")
    check_patterns(fields, "paths", paths)
    check_patterns(fields, "exclude", exclude)
    issue_type = fields.string("issue_type")
    if issue_type and not re.fullmatch(r"[a-z][a-z0-9_]*", issue_type):
        fields.error(
            "issue_type", f"issue_type {issue_type!r} must be snake_case (e.g. code_creep)"
        )
    bare = fields.boolean("allow_bare_suppressions", False)
    options = kind.validate(fields, ctx) if kind else {}
    if kind is None or rule_id is None or message is None:
        return None
    return Rule(
        id=rule_id,
        kind=kind.name,
        message=message,
        severity=severity,
        repos=repos,
        paths=paths,
        exclude=exclude,
        decision=fields.string("decision"),
        issue_type=issue_type or kind.issue_type,
        remediation=fields.string("remediation"),
        options=MappingProxyType(options),
        allow_bare_suppressions=bare,
    )


def parse_document(
    doc: Located, source: str, base: Path | None, consulted: list[Path] | None = None
) -> tuple[tuple[Rule, ...], dict[str, RepoConfig]]:
    """Validate a loaded document; raises ConfigError listing every problem.

    Files the rules read while being validated are appended to ``consulted``.
    """
    problems = Problems(source)
    root = doc.value
    top = Fields(root if isinstance(root, dict) else {}, doc, (), problems)
    if not isinstance(root, dict):
        problems.add(doc.marks.get(()), "the file must be a mapping with 'version: 1' and 'rules:'")
        problems.raise_if_any()
    top.unknown(TOP_FIELDS, "the rules file")
    version = root.get("version")
    if "version" not in root:
        problems.add(top.mark(), f"missing 'version: {SCHEMA_VERSION}'")
    elif version != SCHEMA_VERSION or isinstance(version, bool):
        top.error("version", f"unsupported version {version!r} (expected {SCHEMA_VERSION})")
    repos = _parse_repos(doc, root.get("repos"), problems)
    ctx = ValidateCtx(MappingProxyType(repos), base, consulted)
    raw_rules = root.get("rules")
    rules: list[Rule] = []
    if not isinstance(raw_rules, list):
        if "rules" not in root:
            problems.add(top.mark(), "missing 'rules:' (expected a list of rules)")
        else:
            top.error("rules", "'rules' must be a list of rules")
        raw_rules = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_rules):
        fields = Fields(raw, doc, ("rules", i), problems)
        rule = _parse_rule(fields, ctx, problems)
        if rule is None:
            continue
        if rule.id in seen:
            first = doc.marks.get(("rules", seen[rule.id], "id"))
            where = f" (first defined at line {first.line})" if first else ""
            fields.error("id", f"duplicate rule id '{rule.id}'{where}")
            continue
        seen[rule.id] = i
        rules.append(rule)
    problems.raise_if_any()
    return tuple(rules), repos


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_READ:
            raise ConfigError(
                f"{path}:1:1: file is {size} bytes (expected a rules file under {MAX_READ})"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the rules file: {exc.strerror or exc}") from None


def load_config(path: Path) -> Config:
    """Load and validate ``rules.yaml``; raises ConfigError listing every error found.

    The validated rules are reused while the file is unchanged (see
    :mod:`wsguard.rules.compiled`).
    """
    from wsguard.rules import compiled

    data = _read(path)
    cached = compiled.load(path, data)
    if cached is not None:
        return cached
    from wsguard.rules.yamlsource import load_yaml_text

    consulted: list[Path] = []
    rules, repos = parse_document(
        load_yaml_text(str(path), data), str(path), path.parent, consulted
    )
    config = Config(path=path, rules=rules, repos=MappingProxyType(repos))
    compiled.save(config, data, consulted)
    return config


def load_config_text(text: str | bytes, path: Path = Path("rules.yaml")) -> Config:
    """Like :func:`load_config`, from text (tests, embedded policies), never cached."""
    from wsguard.rules.yamlsource import load_yaml_text

    data = text.encode("utf-8") if isinstance(text, str) else text
    doc = load_yaml_text(str(path), data)
    rules, repos = parse_document(doc, str(path), path.parent)
    return Config(path=path, rules=rules, repos=MappingProxyType(repos))


def make_rule(repos_config: Mapping[str, RepoConfig] | None = None, **fields: Any) -> Rule:
    """A rule built in code (e.g. from a component placement), validated like a YAML one."""
    problems = Problems(f"rule {fields.get('id', '?')!r}")
    raw = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    ctx = ValidateCtx(MappingProxyType(dict(repos_config or {})), None)
    rule = _parse_rule(Fields(raw, None, (), problems), ctx, problems)
    problems.raise_if_any()
    assert rule is not None
    return rule
