"""Which findings block, given what the store knows of them: one decision for every path.

The full check (:mod:`wsguard.check`) and the warm full scan (:mod:`wsguard.warm`) both
decide here, so a replayed scan reports exactly what a scan from scratch would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from wsguard.values import Finding, Reported, Standing
from wsguard.vocabulary import NOT_IN_HISTORY


def expired_waivers(
    reported: tuple[Reported, ...], known: Mapping[str, Standing]
) -> tuple[str, ...]:
    """A note for each finding whose waiver has expired: it blocks again."""
    today = date.today()
    notes = []
    for item in reported:
        standing = known.get(item.finding.fingerprint)
        expires = standing.waiver_expires if standing and standing.status == "waived" else None
        if expires and expires < today:
            f = item.finding
            notes.append(
                f"the waiver of {f.rule} at {f.path}:{f.line} expired on "
                f"{expires.isoformat()}: it blocks again"
            )
    return tuple(notes)


def decide(
    findings: Iterable[Finding],
    known: Mapping[str, Standing] | None,
    *,
    strict: bool = False,
    today: date | None = None,
) -> tuple[Reported, ...]:
    """Which findings block: errors (and warnings with ``strict``) not baselined or waived.

    ``known`` is the store's view of each fingerprint, or None when no store was
    consulted (the database could not be read or reached).
    """
    today = today or date.today()
    reported = []
    for finding in findings:
        severe = finding.severity == "error" or (strict and finding.severity == "warning")
        standing = None if known is None else known.get(finding.fingerprint)
        if known is None:
            status = "unrecorded"
        elif standing is None or standing.status in NOT_IN_HISTORY:
            status = "new"  # never in history, or gone from it
        elif standing.status == "waived" and (
            standing.waiver_expires is None or standing.waiver_expires >= today
        ):
            status = "waived"
        elif standing.status == "baselined":
            status = "baselined"
        else:
            status = "open"  # recorded before, or a waiver that has expired
        blocking = severe and status not in ("waived", "baselined")
        reported.append(Reported(finding, blocking, status))
    reported.sort(key=lambda r: (r.finding.path, r.finding.line, r.finding.col, r.finding.rule))
    return tuple(reported)
