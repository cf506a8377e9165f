"""Renderers of a ``CheckResult``: text, json, sarif, junit, github.

Each format lives in its own module with a pure ``render(result) -> str``; nothing
here prints, touches git or a database. Format modules are imported on first use,
so the pre-commit hook (text) never loads the XML or SARIF machinery.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from wsguard.errors import UsageError
from wsguard.values import CheckResult

Renderer = Callable[[CheckResult], str]

# format name -> module under wsguard.output holding its ``render``.
_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
}


def _lazy(fmt: str) -> Renderer:
    module_name = f"wsguard.output.{_MODULES[fmt]}"

    def render(result: CheckResult) -> str:
        module = importlib.import_module(module_name)
        rendered = module.render(result)
        assert isinstance(rendered, str)
        return rendered

    render.__name__ = f"render_{fmt}"
    render.__qualname__ = render.__name__
    render.__doc__ = f"Render a CheckResult as {fmt} (imports {module_name} on first call)."
    return render


FORMATS: dict[str, Renderer] = {fmt: _lazy(fmt) for fmt in _MODULES}


def render(result: CheckResult, fmt: str, *, color: bool = False) -> str:
    """``result`` in format ``fmt``; ``color`` adds ANSI colours to the text format only."""
    if fmt == "text":
        from wsguard.output import text

        return text.render(result, color=color)
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        names = ", ".join(FORMATS)
        raise UsageError(f"unknown output format {fmt!r}: choose one of {names}") from None
    return renderer(result)


__all__ = ["FORMATS", "Renderer", "render"]
