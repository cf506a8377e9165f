"""``wsguard check``: the guard itself, run by the hooks and by CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from wsguard import check as checking
from wsguard import git
from wsguard.commands._common import options
from wsguard.errors import ConfigError, UsageError
from wsguard.model import CheckResult, RuleInfo
from wsguard.rules.config import Config, load_config
from wsguard.workspace import Options, find_rules_file, resolve_db_url

FORMATS = ("text", "json", "sarif", "junit", "github")


def load(opts: Options, start: Path | None = None) -> tuple[Config, Path]:
    """The workspace's rules and root, or a ConfigError saying where we looked."""
    rules_path = find_rules_file(opts, start)
    if rules_path is None:
        raise ConfigError(
            f"no rules.yaml found in {start or Path.cwd()} or any folder above it. "
            "Create one at the workspace root, or pass --rules FILE."
        )
    root = Path(opts.workspace).resolve() if opts.workspace else rules_path.parent
    return load_config(rules_path), root


def rule_infos(config: Config) -> tuple[RuleInfo, ...]:
    return tuple(
        RuleInfo(r.id, r.kind, r.severity, r.message, r.decision, r.remediation, r.issue_type)
        for r in config.rules
    )


def target_from(
    files: tuple[str, ...], all_files: bool, from_ref: str | None, to_ref: str | None
) -> checking.Target:
    if from_ref is None and to_ref is None and not files and not all_files:
        # pre-commit sets these for pre-push and manual stages.
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    modes = sum([bool(files), all_files, bool(from_ref or to_ref)])
    if modes > 1:
        raise UsageError("give FILES, --all-files, or --from-ref/--to-ref: only one of them")
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise UsageError("--from-ref and --to-ref go together")
        return checking.Target("range", from_ref=from_ref, to_ref=to_ref)
    if all_files:
        return checking.Target("all")
    if files:
        return checking.Target("files", files=files)
    return checking.Target("staged")


def run_check(opts: Options, target: checking.Target, *, record: bool, strict: bool) -> CheckResult:
    repo_root = git.toplevel(Path.cwd())
    config, root = load(opts, repo_root)
    files = tuple(str((Path.cwd() / f).resolve().relative_to(repo_root)) for f in target.files)
    scan = checking.scan(config, root, repo_root, target._replace(files=files))
    known: dict[str, checking.Standing] | None = None
    new: int | None = None
    fixed: int | None = None
    notes: tuple[str, ...] = ()
    if record:
        from wsguard.store.record import record_or_spool

        outcome = record_or_spool(resolve_db_url(opts, root), scan, config, target, repo_root)
        known, notes = outcome.known, outcome.notes
        if outcome.recorded and target.mode in ("range", "all"):
            new, fixed = outcome.new, outcome.fixed
    reported = checking.decide(scan.findings, known, strict=strict)
    return CheckResult(
        scan.repo, reported, scan.files_scanned, rule_infos(config), new, fixed, notes
    )


@click.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--all-files", is_flag=True, help="Check every tracked file.")
@click.option(
    "--from-ref", metavar="REF", help="Check the files changed since REF (with --to-ref)."
)
@click.option("--to-ref", metavar="REF", help="…up to REF, whose content is checked.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--no-record", is_flag=True, help="Do not record detections in the database.")
@click.option("--strict", is_flag=True, help="Warnings block too.")
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[str, ...],
    all_files: bool,
    from_ref: str | None,
    to_ref: str | None,
    fmt: str,
    no_record: bool,
    strict: bool,
) -> None:
    """Check the staged changes (default), FILES, a commit range or every file."""
    target = target_from(files, all_files, from_ref, to_ref)
    result = run_check(options(ctx), target, record=not no_record, strict=strict)
    from wsguard.output import render

    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(render(result, fmt, color=color), nl=False)
    ctx.exit(result.exit_code)
