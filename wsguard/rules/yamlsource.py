"""Safe YAML loading that remembers where every value came from.

PyYAML's ``SafeLoader`` composes the node graph; we turn nodes into plain
values ourselves so that each value keeps its line and column, duplicate keys
are refused, and alias bombs or cycles cannot blow up memory or recurse forever.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from wsguard.errors import ConfigError, one_line

MAX_BYTES = 1 << 20  # a policy file, not a data set
MAX_NODES = 100_000
MAX_DEPTH = 64  # a rules file is a few levels deep; deeper is a crafted file

Key = tuple[str | int, ...]


class Mark(NamedTuple):
    """1-based line and column of a value in the rules file."""

    line: int
    col: int


class Located(NamedTuple):
    """A loaded YAML document: the value, and where each value and key sits."""

    value: Any
    marks: dict[Key, Mark]  # path of a value -> its mark
    key_marks: dict[Key, Mark]  # path of a mapping entry -> the mark of its key


_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "seq", "map", "timestamp"}


class _Loader(yaml.SafeLoader):
    """SafeLoader; only composition and scalar construction are used."""


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _fail(source: str, mark: Mark, message: str) -> ConfigError:
    return ConfigError(one_line(f"{source}:{mark.line}:{mark.col}: {message}"))


def _decode(source: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ConfigError(
            f"{source}:1:1: file is {len(data)} bytes (expected a rules file under {MAX_BYTES})"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(
            f"{source}:{line}:{col}: invalid UTF-8 byte {data[exc.start]:#04x} "
            "(expected UTF-8 text)"
        ) from None
    if "\x00" in text:
        raise ConfigError(f"{source}:1:1: file contains NUL bytes (expected UTF-8 text)")
    if not text.strip():
        raise ConfigError(
            f"{source}:1:1: file is empty (expected a mapping with 'version: 1' and 'rules:')"
        )
    for number, row in enumerate(text.splitlines(), 1):
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            col = indent.index("\t") + 1
            raise ConfigError(
                f"{source}:{number}:{col}: tab character in indentation (YAML needs spaces)"
            )
    return text


def load_yaml_text(source: str, data: bytes) -> Located:
    """Parse ``data`` (the bytes of ``source``) into a :class:`Located` document."""
    text = _decode(source, data)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise _fail(
            source, Mark(line, col), f"character {exc.character!r} is not allowed in YAML"
        ) from None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "malformed YAML"
        raise _fail(source, where, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(one_line(f"{source}:1:1: malformed YAML: {exc}")) from None
    except RecursionError:  # the parser recurses once per level of nesting
        raise ConfigError(
            f"{source}:1:1: values nested too deep for a rules file (at most {MAX_DEPTH} levels)"
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise ConfigError(
            f"{source}:1:1: file is empty (expected a mapping with 'version: 1' and 'rules:')"
        )
    return _Builder(source, loader).build(root)


class _Builder:
    """Turns a composed node graph into plain values, recording marks."""

    def __init__(self, source: str, loader: _Loader) -> None:
        self.source = source
        self.loader = loader
        self.marks: dict[Key, Mark] = {}
        self.key_marks: dict[Key, Mark] = {}
        self.count = 0

    def build(self, root: yaml.Node) -> Located:
        return Located(self._value(root, (), frozenset()), self.marks, self.key_marks)

    def _value(self, node: yaml.Node, key: Key, active: frozenset[int]) -> Any:
        if len(key) > MAX_DEPTH:
            raise _fail(
                self.source,
                _mark(node),
                f"values nested too deep for a rules file (at most {MAX_DEPTH} levels)",
            )
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(
                self.source, _mark(node), f"more than {MAX_NODES} values (alias expansion?)"
            )
        if id(node) in active:
            raise _fail(self.source, _mark(node), "recursive alias (expected a tree of values)")
        self.marks[key] = _mark(node)
        if node.tag.startswith("!") or (
            node.tag.startswith("tag:yaml.org,2002:") and node.tag[18:] not in _PLAIN_TAGS
        ):
            raise _fail(
                self.source, _mark(node), f"tag {node.tag!r} is not allowed (plain values only)"
            )
        inner = active | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key, inner)
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, (*key, i), inner) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise _fail(self.source, _mark(node), f"bad value: {exc}") from None

    def _mapping(self, node: yaml.MappingNode, key: Key, active: frozenset[int]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(self.source, _mark(key_node), "mapping key must be a plain string")
            if key_node.tag.endswith(":merge"):
                raise _fail(
                    self.source,
                    _mark(key_node),
                    "merge keys ('<<') are not supported (repeat the fields)",
                )
            name = self.loader.construct_object(key_node)
            if not isinstance(name, (str, int)) or isinstance(name, bool):
                raise _fail(self.source, _mark(key_node), f"mapping key {name!r} must be a string")
            name = str(name)
            child = (*key, name)
            if name in result:
                first = self.key_marks[child]
                raise _fail(
                    self.source,
                    _mark(key_node),
                    f"duplicate key '{name}' (first defined at line {first.line})",
                )
            self.key_marks[child] = _mark(key_node)
            result[name] = self._value(value_node, child, active)
        return result
