"""The stdlib matcher of plain patterns agrees with pathspec's GitIgnoreSpec."""

from __future__ import annotations

import pathspec
from hypothesis import given, settings
from hypothesis import strategies as st

from wsguard.rules import globs

SEGMENT = st.sampled_from(["src", "core", "trading", "a.py", "b.txt", "x", ".hidden", "README.md"])
PATTERN_PART = st.sampled_from(["*", "**", "src", "trading", "*.py", "a.py", "x", "[ab]*", "?"])


@st.composite
def patterns(draw: st.DrawFn) -> str:
    parts = draw(st.lists(PATTERN_PART, min_size=1, max_size=3))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()):
        text += "/"
    return text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(patterns(), min_size=1, max_size=3),
    st.lists(SEGMENT, min_size=1, max_size=4).map("/".join),
)
def test_plain_patterns_match_like_pathspec(pats: list[str], path: str) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(pats)
    assert globs.matcher(tuple(pats))(path) == bool(spec.match_file(path))


def test_negations_fall_back_to_pathspec() -> None:
    pats = ("src/**", "!src/keep.py")
    assert globs.regex_for("!src/keep.py") is None
    test = globs.matcher(pats)
    assert test("src/other.py") and not test("src/keep.py")


def test_preloaded_translations_are_used_without_pathspec() -> None:
    globs.preload({"only/this/*.py": r"^only/this/[^/]*\.py$"})
    assert globs.matcher(("only/this/*.py",))("only/this/m.py")
    assert "only/this/*.py" in globs.known()
