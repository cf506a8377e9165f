from __future__ import annotations

from tests.rules.helpers import check, config

RULES = """
- id: no-pandas
  kind: forbidden-import
  message: no pandas
  modules: [pandas]
- id: no-numpy-bare-ok
  kind: forbidden-import
  message: no numpy
  modules: [numpy]
  allow_bare_suppressions: true
"""


def run(code: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check(config(RULES), {"src/a.py": code})]


def test_suppression_with_reason() -> None:
    assert run("import pandas  # wsguard: ignore[no-pandas] because legacy loader\n") == []
    assert run("import pandas  # wsguard: ignore[no-pandas] -- legacy\n") == []


def test_suppression_of_several_rules() -> None:
    assert (
        run("import pandas, numpy  # wsguard: ignore[no-pandas, no-numpy-bare-ok] because x\n")
        == []
    )


def test_bare_suppression_needs_a_reason_unless_allowed() -> None:
    assert run("import pandas  # wsguard: ignore[no-pandas]\n") == [
        ("no-pandas", 1),
        ("wsguard/bad-suppression", 1),
    ]
    assert run("import pandas  # wsguard: ignore[no-pandas] because\n")[0] == ("no-pandas", 1)
    assert run("import numpy  # wsguard: ignore[no-numpy-bare-ok]\n") == []


def test_suppression_on_another_line_does_not_apply() -> None:
    found = run("# wsguard: ignore[no-pandas] because x\nimport pandas\n")
    assert sorted(found) == [("no-pandas", 2), ("wsguard/unused-suppression", 1)]


def test_unused_and_unknown_suppressions_are_warnings() -> None:
    found = check(
        config(RULES),
        {
            "src/a.py": "import os  # wsguard: ignore[no-pandas] because x\n"
            "y = 1  # wsguard: ignore[no-such-rule] because x\n"
        },
    )
    assert [(f.rule, f.line, f.severity) for f in found] == [
        ("wsguard/unused-suppression", 1, "warning"),
        ("wsguard/unused-suppression", 2, "warning"),
    ]
    assert "unknown rule 'no-such-rule'" in found[1].message


def test_suppression_text_inside_a_string_is_not_a_comment() -> None:
    code = 'import pandas; x = "# wsguard: ignore[no-pandas] because x"\n'
    assert run(code) == [("no-pandas", 1)]
