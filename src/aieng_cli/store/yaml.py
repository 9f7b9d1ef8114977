"""Parse YAML text into plain data that remembers the line of every mapping key and list item.

Only safe constructs are built (no Python object tags). Anchors and aliases are resolved to the
same object, never copied, so an alias bomb costs no more than its text; nesting is bounded.
"""

from typing import Any

import yaml

from aieng_cli.core.models import Problem
from aieng_cli.core.parsed import LineDict, LineList

MAX_DEPTH = 64

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.built: dict[int, Any] = {}

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.built:
            return self.built[id(node)]
        if depth > MAX_DEPTH:
            self.problem(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
            self.problem(node, f"unsupported YAML tag {node.tag!r}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = LineList()
            items.line = node.start_mark.line + 1
            items.item_lines = []
            self.built[id(node)] = items
            for child in node.value:
                items.append(self.build(child, depth + 1))
                items.item_lines.append(child.start_mark.line + 1)
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LineDict:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        self.built[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "merge keys (<<) are not supported")
                continue
            key = self.build(key_node, depth + 1)
            if not isinstance(key, str):
                self.problem(key_node, f"mapping keys must be text, not {key!r}")
                continue
            if key in mapping:
                self.problem(key_node, f"duplicate key {key!r}")
                continue
            mapping[key] = self.build(value_node, depth + 1)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return _SCALARS.construct_object(node)
        except yaml.YAMLError:
            self.problem(node, f"unsupported YAML tag {node.tag!r}")
            return None
        except ValueError:  # an integer of thousands of digits, or a malformed special value
            self.problem(node, "a value that cannot be read (a number far too large?)")
            return None


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Return the document's data (None when empty or unparsable) and the problems found."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        reason = error.problem or error.context or "invalid YAML"
        return None, [Problem(path, line, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, f"YAML error: {error}")]
    except RecursionError:
        return None, [Problem(path, 1, "YAML nesting is too deep")]
    if root is None:
        return None, []
    builder = _Builder(path)
    data = builder.build(root)
    return data, builder.problems


class _EditableDumper(yaml.SafeDumper):
    """Long text as a folded block (`>-`), which reads and edits like prose, not a quoted string."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    folded = len(value) > 80 and value == value.strip() and "\n" not in value and "  " not in value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">" if folded else None)


_EditableDumper.add_representer(str, _text)


def dump_yaml(document: Any) -> str:
    """`document` as block-style YAML a person can edit: keys in their order, long text folded."""
    text = yaml.dump(
        document, Dumper=_EditableDumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return str(text)
