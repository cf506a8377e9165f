"""Make the README's pictures of the report: ``wsguard demo``, then its report as
``docs/example-report.md`` and a PNG screenshot of the HTML report taken by headless Chromium.

    .venv/bin/python scripts/screenshot_report.py [--chromium PATH] [--height PX]

Needs Chromium (``/usr/bin/chromium`` by default). Writes into ``docs/``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def wsguard(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "wsguard", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise SystemExit(f"wsguard {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=2700)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "meridian"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WSGUARD_")}
        wsguard("demo", str(root), env=env)
        markdown = wsguard("--workspace", str(root), "report", "--format", "markdown", env=env)
        (DOCS / "example-report.md").write_text(markdown.replace(str(work), "…"), "utf-8")
        page = work / "report.html"
        wsguard("--workspace", str(root), "report", "--format", "html", "-o", str(page), env=env)
        shot = DOCS / "report-screenshot.png"
        subprocess.run(
            [
                args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--user-data-dir={work / 'profile'}", "--force-device-scale-factor=1",
                f"--window-size={args.width},{args.height}", f"--screenshot={shot}",
                page.as_uri(),
            ],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    print(f"wrote {DOCS / 'example-report.md'} and {shot} ({shot.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
