"""The report as one self-contained HTML file: inline CSS, inline SVG charts, no network.

The page's only script is a guard written here, allowed by its hash in the
Content-Security-Policy; any other script (one smuggled in through database text,
were escaping ever to fail) is refused by the browser, and calls to ``alert`` or
uncaught errors are recorded on ``<html data-alerts/data-errors>`` for tests to see.
"""

from __future__ import annotations

import base64
import hashlib

from jinja2 import Environment, PackageLoader, StrictUndefined

from wsguard.report import charts, mapsvg, wording
from wsguard.report.values import ReportData

MAX_BARS = 30

GUARD_SCRIPT = """
(function () {
  var root = document.documentElement;
  function note(kind, text) {
    root.setAttribute("data-" + kind, (root.getAttribute("data-" + kind) || "") + text + ";");
    console.error("wsguard report: " + kind + ": " + text);
  }
  window.addEventListener("error", function (e) { note("errors", e.message); });
  window.alert = function (m) { note("alerts", String(m)); };
  document.addEventListener("DOMContentLoaded", function () {
    root.setAttribute("data-loaded", "1");
  });
})();
"""


def _environment() -> Environment:
    # autoescape=True for every template, whatever its file name ends with.
    return Environment(
        loader=PackageLoader("wsguard", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render(data: ReportData) -> str:
    by_rule = data.drift.open_by_rule()
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        wording=wording,
        trend_chart=charts.line_chart(data.drift.trend),
        rule_chart=charts.bar_chart(by_rule[:MAX_BARS]),
        more_rules=max(0, len(by_rule) - MAX_BARS),
        map_svg=mapsvg.render(data.map),
        guard_script=GUARD_SCRIPT,
        script_hash=script_hash(GUARD_SCRIPT),
    )
