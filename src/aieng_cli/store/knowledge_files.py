"""Knowledge-base files: which ones aieng loads, and reading and checking any one of them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from aieng_cli.core.knowledge import KnowledgeBase, build_knowledge
from aieng_cli.core.models import Problem
from aieng_cli.errors import InvalidKnowledge, UnreadableInput, UsageError
from aieng_cli.store.environment import variable
from aieng_cli.store.paths import decks_dir, shipped_data_dir

if TYPE_CHECKING:
    from aieng_cli.core.schema import FileEntries

SHIPPED_NAMES = ("glossary.yaml", "questions.yaml")
KB_PATH_ENV = "AIENG_KB_PATH"


def shipped_files() -> list[Path]:
    return [shipped_data_dir() / name for name in SHIPPED_NAMES]


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the `*.yaml`/`*.yml` files of directories, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise UnreadableInput(f"No such file or directory: {str(path)!r}.", "Check the path.")
    return found


def knowledge_sources(extra: list[Path]) -> list[Path]:
    """Shipped files, then the config `decks/` folder, then `AIENG_KB_PATH`, then `--kb` paths."""
    decks = decks_dir()
    paths = [*shipped_files(), *([decks] if decks.is_dir() else [])]
    paths += [Path(p).expanduser() for p in (variable(KB_PATH_ENV) or "").split(os.pathsep) if p]
    resolved = [path.resolve() for path in expand_paths([*paths, *extra])]
    return list(dict.fromkeys(resolved))


def files_to_validate(given: list[Path]) -> list[Path]:
    """The shipped files plus the given files and directories' files; a given copy of a shipped
    file replaces it rather than clashing with it."""
    files = expand_paths(given)
    if not files:
        raise UsageError(f"No *.yaml or *.yml files in {', '.join(map(str, given))}.")
    contents = {path.read_bytes() for path in files}
    return [path for path in shipped_files() if path.read_bytes() not in contents] + files


def read_knowledge_file(path: Path) -> FileEntries:
    """Read, parse and check one knowledge-base file; unreadable content becomes a problem."""
    # imported here: a lookup served from the compiled cache never parses YAML
    from aieng_cli.core.schema import FileEntries, check_file
    from aieng_cli.store.yaml import parse_yaml

    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return FileEntries(name, problems=[Problem(name, 1, f"cannot read the file: {error.strerror}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return FileEntries(name, problems=[Problem(name, line, f"not UTF-8 text (byte {raw[error.start]:#04x})")])
    data, problems = parse_yaml(text, name)
    if problems and data is None:
        return FileEntries(name, problems=problems)
    entries = check_file(data, name)
    entries.problems[:0] = problems
    return entries


def load_knowledge(
    paths: list[Path] | None = None, references: KnowledgeBase | None = None
) -> tuple[KnowledgeBase, list[Problem]]:
    """The knowledge base from `paths` (default: the shipped files) and every problem in it."""
    files = [read_knowledge_file(path) for path in (paths if paths is not None else shipped_files())]
    return build_knowledge(files, references)


def usable_knowledge(sources: list[Path], given: list[Path]) -> tuple[KnowledgeBase, list[str]]:
    """The knowledge base without the personal files that have problems, and those files' names.

    One broken deck in the decks folder or AIENG_KB_PATH must not stop every command: it is left
    out (the caller warns, and `aieng validate` still fails on it). A problem in a shipped file,
    or in a deck given with --kb (`given`: the user is working on it), is never worked around.
    """
    kb, problems = load_knowledge(sources)
    if not problems:
        return kb, []
    kept = {str(path.resolve()) for path in [*shipped_files(), *expand_paths(given)]}
    broken = sorted({problem.path for problem in problems})
    if any(str(Path(name).resolve()) in kept for name in broken):
        return valid_knowledge(sources), []
    return valid_knowledge([source for source in sources if str(source) not in broken]), broken


def valid_knowledge(sources: list[Path]) -> KnowledgeBase:
    """The knowledge base from `sources`, or InvalidKnowledge naming the first problem."""
    kb, problems = load_knowledge(sources)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidKnowledge(f"The knowledge base is invalid: {problems[0]}{more}.", "Run: aieng validate")
    return kb
