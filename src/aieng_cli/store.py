"""Knowledge-base file I/O: where the shipped files live, and reading any knowledge-base file."""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aieng_cli.errors import InvalidKnowledge, UnreadableInput
from aieng_cli.knowledge import KnowledgeBase, build_knowledge
from aieng_cli.models import Problem, TermPage

if TYPE_CHECKING:
    from aieng_cli.knowledge import Glossary
    from aieng_cli.schema import FileEntries

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
    from aieng_cli.schema import FileEntries, check_file
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


CACHE_ENV = "AIENG_CACHE_DIR"


def cache_dir() -> Path:
    """`AIENG_CACHE_DIR`, else the per-user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("aieng", appauthor=False)


def _signature(sources: list[Path]) -> tuple[Any, ...]:
    from aieng_cli import __version__

    parts: list[Any] = [__version__]
    for path in sources:
        stat = path.stat()
        parts.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


def _cache_path(sources: list[Path]) -> Path:
    key = zlib.crc32("\n".join(str(path) for path in sources).encode("utf-8", "surrogateescape"))
    return cache_dir() / f"kb-{key:08x}.bin"


def _valid_knowledge(sources: list[Path]) -> KnowledgeBase:
    kb, problems = load_knowledge(sources)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidKnowledge(f"The knowledge base is invalid: {problems[0]}{more}.", "Run: aieng validate")
    return kb


KB_PATH_ENV = "AIENG_KB_PATH"


def config_dir() -> Path:
    """`AIENG_CONFIG_DIR`, else the per-user config directory."""
    override = os.environ.get("AIENG_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("aieng", appauthor=False)


def knowledge_sources(extra: list[Path]) -> list[Path]:
    """Shipped files, then the config `decks/` folder, then `AIENG_KB_PATH`, then `--kb` paths."""
    decks = config_dir() / "decks"
    paths = [*shipped_files(), *([decks] if decks.is_dir() else [])]
    paths += [Path(p).expanduser() for p in os.environ.get(KB_PATH_ENV, "").split(os.pathsep) if p]
    resolved = [path.resolve() for path in expand_paths([*paths, *extra])]
    return list(dict.fromkeys(resolved))


def open_glossary(warnings: list[str], extra: list[Path] | None = None) -> Glossary:
    """The knowledge base for lookups: the compiled cache when it is fresh, else rebuilt from YAML.

    Problems with the cache itself never stop a lookup: they are added to `warnings`.
    """
    from aieng_cli.kbcache import CacheUnreadable, CompiledKnowledge, encode, write_cache

    sources = knowledge_sources(extra or [])
    try:
        signature = _signature(sources)
    except OSError as error:
        raise UnreadableInput(f"Cannot read the knowledge base: {error}.") from None
    path = _cache_path(sources)
    try:
        compiled = CompiledKnowledge.open(path, signature)
        if compiled is not None:
            return compiled
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache {path} ({error}); it is rebuilt.")
    kb = _valid_knowledge(sources)
    try:
        write_cache(path, encode(kb, signature))
    except OSError as error:
        warnings.append(f"Cannot write the cache {path} ({error.strerror}); lookups will be slower.")
    else:
        _prune_caches(path)
    return kb


CACHES_KEPT = 4  # one compiled cache per combination of decks; the least recently built go


def _prune_caches(current: Path) -> None:
    """Delete all but the CACHES_KEPT most recently built caches (best effort: they are rebuilt on need)."""
    try:
        caches = sorted(current.parent.glob("kb-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in [p for p in caches if p != current][CACHES_KEPT - 1 :]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def find_page(query: str, warnings: list[str], extra: list[Path] | None = None) -> TermPage:
    """The page `define` shows for `query` (a damaged cache record falls back to the YAML)."""
    from aieng_cli.kbcache import CacheUnreadable
    from aieng_cli.knowledge import find_term

    glossary = open_glossary(warnings, extra)
    try:
        return find_term(glossary, query)
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache ({error}).")
        return find_term(_valid_knowledge(knowledge_sources(extra or [])), query)


def open_knowledge(warnings: list[str], extra: list[Path] | None = None) -> KnowledgeBase:
    """The whole knowledge base, from the compiled cache when possible."""
    from aieng_cli.kbcache import CacheUnreadable, CompiledKnowledge

    glossary = open_glossary(warnings, extra)
    if not isinstance(glossary, CompiledKnowledge):
        return glossary  # type: ignore[return-value]
    try:
        return glossary.knowledge()
    except CacheUnreadable as error:
        warnings.append(f"Ignoring the unreadable cache {glossary.path} ({error}).")
        return _valid_knowledge(knowledge_sources(extra or []))


def config_path() -> Path:
    return config_dir() / "config.toml"


def read_config() -> dict[str, Any]:
    """The config file's table (empty when there is none); a broken file is a usage error."""
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UnreadableInput(f"Cannot read the config file {path}: {error.strerror}.") from None
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UnreadableInput(f"The config file {path} is not valid TOML: {error}.", "Fix it or remove it.") from None


@contextmanager
def text_output(path: Path) -> Iterator[TextIO]:
    """A text file to write an export to (CSV-safe line ends), or standard output for `-`."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        yield handle
