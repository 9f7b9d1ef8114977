"""Knowledge-base file I/O: where the shipped files live, and reading any knowledge-base file."""

from pathlib import Path

from aieng_cli.errors import UnreadableInput
from aieng_cli.knowledge import KnowledgeBase, build_knowledge
from aieng_cli.models import Problem
from aieng_cli.schema import FileEntries, check_file

SHIPPED_NAMES = ("glossary.yaml", "questions.yaml")


def shipped_data_dir() -> Path:
    """The knowledge base shipped with the package (or, in a source checkout, the repo's data/)."""
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


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


def read_knowledge_file(path: Path) -> FileEntries:
    """Read, parse and check one knowledge-base file; unreadable content becomes a problem."""
    from aieng_cli.yamldoc import parse_yaml

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
