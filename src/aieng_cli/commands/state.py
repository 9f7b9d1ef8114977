"""What every command shares: the screen, the extra decks, the settings, the clock, common options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from aieng_cli.errors import ExitCode, UsageError
from aieng_cli.render import Screen

if TYPE_CHECKING:
    from aieng_cli.core.cards import Deck
    from aieng_cli.core.knowledge import KnowledgeBase
    from aieng_cli.core.search import SearchIndex
    from aieng_cli.core.settings import Setting
    from aieng_cli.store.progress_file import ProgressFile

NOW_ENV = "AIENG_NOW"
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # the range a pretend clock may name
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
T = TypeVar("T")


def _complete_term(ctx: typer.Context, incomplete: str) -> list[str]:
    """The word being typed of a term's name; earlier words of a several-word name count too."""
    from aieng_cli.core.completion import term_candidates
    from aieng_cli.errors import AiengError

    before = tuple(ctx.params.get("words") or ())
    try:
        return term_candidates(AppState().knowledge(), incomplete, before)
    except AiengError:
        return []


def _complete_question(ctx: typer.Context, incomplete: str) -> list[str]:
    """Question ids, for the first word of `aieng answer`."""
    from aieng_cli.core.completion import question_candidates
    from aieng_cli.errors import AiengError

    if ctx.params.get("words"):
        return []
    try:
        return question_candidates(AppState().knowledge(), incomplete)
    except AiengError:
        return []


def _complete_topic(incomplete: str) -> list[str]:
    from aieng_cli.core.completion import topic_candidates

    return topic_candidates(incomplete)


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopicOption = Annotated[
    str | None, typer.Option("--topic", help="Only this topic (see: aieng topics).", autocompletion=_complete_topic)
]
ProgressOption = Annotated[
    Path | None,
    typer.Option("--progress-file", help="The progress file (default: AIENG_PROGRESS_FILE or the user data dir)."),
]
QuestionArgument = Annotated[
    list[str],
    typer.Argument(
        help="A question id (see `aieng define` or `search`) or words from the question.",
        autocompletion=_complete_question,
        metavar="QUESTION",
    ),
]
TermArgument = Annotated[
    list[str],
    typer.Argument(
        help="The term: a name, alias or abbreviation; several words need no quotes.",
        autocompletion=_complete_term,
        metavar="TERM",
    ),
]


class HelpfulGroup(TyperGroup):
    """A group that prints its help when given no command (Click would raise an error for it)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            Screen().echo(ctx.get_help())
            raise typer.Exit(ExitCode.OK)
        result: list[str] = super().parse_args(ctx, args)
        return result


class AppState:
    """What the top-level options decide, for every command."""

    def __init__(self, screen: Screen | None = None, decks: list[Path] | None = None) -> None:
        self.screen = screen or Screen()
        self.decks = decks or []

    @classmethod
    def start(cls, color: bool | None, decks: list[Path], command: str | None) -> AppState:
        # a new invocation (tests run many in one process); `config show` reports a broken
        # config file as an error itself, so it shows no warnings about it
        _CONFIG_WARNINGS.start(quiet=command == "config")
        if color is None and command is not None and _may_set_color(command):
            color = settings()["color"].value
        return cls(Screen(color=color), decks)

    def knowledge(self) -> KnowledgeBase:
        from aieng_cli.store.kb_cache import open_knowledge

        return self.opened(open_knowledge)

    def deck(self) -> Deck:
        """The cards (and, when shown, their entries) for `quiz` and `progress`."""
        from aieng_cli.store.deck_cache import open_deck

        return self.opened(lambda warnings, decks: open_deck(warnings, decks, self.screen.note))

    def search_index(self) -> SearchIndex:
        from aieng_cli.store.search_cache import open_search_index

        return self.opened(open_search_index)

    def opened(self, opener: Callable[[list[str], list[Path]], T]) -> T:
        """What `opener` reads from the decks; its warnings (a damaged cache...) shown however it ends."""
        warnings: list[str] = []
        try:
            return opener(warnings, self.decks)
        finally:
            self.warn(warnings)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.screen.note(warning)


def state(ctx: typer.Context | None) -> AppState:
    """The AppState of this invocation (a default one when a command runs without the root)."""
    context: Any = ctx
    while context is not None:
        if isinstance(context.obj, AppState):
            return context.obj
        context = context.parent
    return AppState()


LOOKUPS = frozenset({"define", "search", "answer", "list", "topics"})  # commands whose only setting is colour


def _may_set_color(command: str) -> bool:
    """Whether the settings need reading for colour: always, except that a lookup skips them when
    neither AIENG_COLOR nor a config file exists (the common case, kept fast)."""
    from aieng_cli.store.config_file import config_exists
    from aieng_cli.store.environment import variable

    if command not in LOOKUPS or variable("AIENG_COLOR"):
        return True
    return config_exists()


class _ConfigWarnings:
    """Problems of the config file, each shown once an invocation (settings are read several times)."""

    def __init__(self) -> None:
        self.shown: set[str] = set()
        self.quiet = False

    def start(self, *, quiet: bool) -> None:
        self.shown.clear()
        self.quiet = quiet

    def show(self, warnings: list[str]) -> None:
        for warning in warnings:
            if not self.quiet and warning not in self.shown:
                self.shown.add(warning)
                Screen().note(f"{warning} (see: aieng config show)")


_CONFIG_WARNINGS = _ConfigWarnings()


def settings(*, strict: bool = False, **flags: Any) -> dict[str, Setting]:
    """Effective settings: flags over environment over the config file over defaults.

    A broken config file warns (once) and its bad values fall back to their defaults; `strict`
    (for `config show`, where you look at the file) makes it an error instead.
    """
    from aieng_cli.core.settings import resolve
    from aieng_cli.errors import UnreadableInput
    from aieng_cli.store.config_file import read_config
    from aieng_cli.store.environment import variables
    from aieng_cli.store.paths import config_path

    warnings: list[str] = []
    try:
        values = read_config()
    except UnreadableInput as problem:
        if strict:
            raise
        values = {}
        warnings.append(f"{problem.message} Using the defaults.")
    found = resolve(values, str(config_path()), variables(), flags, None if strict else warnings)
    _CONFIG_WARNINGS.show(warnings)
    return found


def topic_id(topic: str | None) -> str | None:
    """The topic id `--topic` names (an id or a name, forgiving case), or a usage error."""
    from aieng_cli.core.topics import TOPIC_NAMES, topic_matches

    if topic is None:
        return None
    found = topic_matches(topic)
    if len(found) > 1:
        raise UsageError(f"Topic {topic!r} is ambiguous: it could be {', '.join(found)}.", "Type more of it.")
    if not found:
        raise UsageError(f"Unknown topic {topic!r}.", f"Topics: {', '.join(TOPIC_NAMES)}")
    return found[0]


ForceOption = Annotated[bool, typer.Option("--force", "-f", help="Replace the file if it exists.")]


def claim_destination(path: Path, force: bool, screen: Screen) -> None:
    """Make sure writing to `path` replaces nothing the user did not agree to: an existing file is
    replaced with --force, or after a yes on a terminal; otherwise the command stops."""
    from aieng_cli.store.outputs import destination_exists

    if not destination_exists(path) or force:
        return
    if sys.stdin.isatty() and screen.err.is_terminal:
        if typer.confirm(f"{path} exists. Replace it?", default=False, err=True):
            return
        raise UsageError(f"Kept {path}; nothing was written.")
    raise UsageError(f"{path} exists.", "Give --force to replace it, or another path.")


def zones() -> tuple[tzinfo, tzinfo]:
    """The local zone (to show times) and the study zone (to count days from `day_starts_at`)."""
    from aieng_cli.core.days import study_zone
    from aieng_cli.store.environment import local_zone

    zone = local_zone()
    return zone, study_zone(zone, settings()["day_starts_at"].value)


def now() -> datetime:
    """The clock, read here only. AIENG_NOW (an ISO time with zone) pretends another time, for scripts."""
    from aieng_cli.store.environment import variable

    pretend = variable(NOW_ENV)
    if pretend:
        try:
            moment = datetime.fromisoformat(pretend)
        except ValueError:
            raise UsageError(f"{NOW_ENV}={pretend!r} is not an ISO 8601 time.") from None
        if moment.tzinfo is None:
            raise UsageError(f"{NOW_ENV}={pretend!r} needs a time zone, e.g. 2026-01-31T09:00:00+00:00.")
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:
            moment = datetime.min.replace(tzinfo=UTC)
        if not EARLIEST <= moment < LATEST:  # beyond these, schedules a century long would overflow
            raise UsageError(f"{NOW_ENV}={pretend!r} is outside {EARLIEST.year}-{LATEST.year - 1}.")
        return moment
    return datetime.now(UTC)


def stopwatch() -> float:
    """Seconds on a monotonic clock, for how long an answer took (AIENG_NOW does not stop it)."""
    import time

    return time.monotonic()


@contextmanager
def bulk_loading() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command loads a long history and the cards
    and summarises them: that builds tens of thousands of objects with no cycles among them, and
    the collector would trace the growing heap again and again for nothing (about a tenth of the
    time of `progress`). It runs again as soon as the block ends."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def progress_file(path: Path | str | None) -> ProgressFile:
    """The progress file: the given path, else the config file's, else AIENG_PROGRESS_FILE or the default."""
    from aieng_cli.store.paths import default_progress_path
    from aieng_cli.store.progress_cache import cache_path
    from aieng_cli.store.progress_file import ProgressFile

    if path is None:
        path = settings()["progress_file"].value
    chosen = Path(path).expanduser() if path else default_progress_path()
    return ProgressFile(chosen, cache=cache_path(chosen))
