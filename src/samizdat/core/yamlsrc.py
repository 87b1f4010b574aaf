"""YAML loading that keeps line numbers, so errors can say ``path:line``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass
class Located:
    """A YAML value with the (1-based) line it started on."""

    value: Any
    line: int


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


# libyaml's composer where PyYAML was built with it (the same nodes and marks, in C)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct_scalar(node: yaml.Node) -> Any:
    constructor = yaml.constructor.SafeConstructor()
    return constructor.construct_object(node, deep=True)


def _convert(node: yaml.Node, line_offset: int) -> Located:
    line = node.start_mark.line + 1 + line_offset
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Located] = {}
        keylines: dict[str, int] = {}
        for knode, vnode in node.value:
            key = yaml.safe_load(yaml.serialize(knode)) if not isinstance(knode, yaml.ScalarNode) else knode.value
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise YamlSyntaxError(knode.start_mark.line + 1 + line_offset, f"duplicate key {key!r}")
            out[key] = _convert(vnode, line_offset)
            keylines[key] = knode.start_mark.line + 1 + line_offset
        loc = Located(out, line)
        loc.keylines = keylines  # type: ignore[attr-defined]
        return loc
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(n, line_offset) for n in node.value], line)
    # scalars: the composer already resolved the tag (int, bool, date, str ...)
    value = _construct_scalar(node) if node.tag != "tag:yaml.org,2002:str" else node.value
    return Located(value, line)


def load(text: str, line_offset: int = 0) -> Located | None:
    """Parse YAML text; ``line_offset`` shifts lines for YAML embedded in another file."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct starts
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        raise YamlSyntaxError(line, f"malformed YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1 + line_offset, f"malformed YAML: {exc}") from None
    if node is None:
        return None
    try:
        return _convert(node, line_offset)
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(node.start_mark.line + 1 + line_offset, f"malformed YAML: {exc}") from None


def plain(loc: Located | None) -> Any:
    """Strip line information."""
    if loc is None:
        return None
    v = loc.value
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
