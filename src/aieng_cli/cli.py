"""The command line: parse arguments, read the clock, call the core, hand results to render."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError  # typer 0.28 vendors click; pinned in pyproject

from aieng_cli import __version__
from aieng_cli.errors import (
    AiengError,
    ExitCode,
    InvalidKnowledge,
    NotFound,
    UnreadableInput,
    UnreadableProgress,
    UsageError,
)
from aieng_cli.knowledge import KnowledgeBase
from aieng_cli.render import Screen

if TYPE_CHECKING:
    from aieng_cli.progress_store import ProgressFile


class KindChoice(StrEnum):
    terms = "terms"
    questions = "questions"
    term = "term"  # the singular is accepted too
    question = "question"

    @property
    def plural(self) -> str:
        return self.value if self.value.endswith("s") else self.value + "s"


class AiengGroup(typer.core.TyperGroup):
    """Turns every error into one line on stderr and an exit code: the only place that does."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if os.environ.get("_AIENG_COMPLETE"):
            from typer.completion import completion_init  # registers bash/zsh/fish (cheap; only when completing)

            completion_init()
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except AiengError as error:
            Screen().error(error.line())
            sys.exit(error.exit_code)
        except NoArgsIsHelpError as error:
            print(error.ctx.get_help() if error.ctx else error.format_message())
            sys.exit(ExitCode.OK)
        except typer.TyperException as error:
            ctx = getattr(error, "ctx", None)
            Screen().error(f"{error.format_message()} (see: {ctx.command_path if ctx else 'aieng'} --help)")
            sys.exit(ExitCode.USAGE)
        except (typer.Abort, KeyboardInterrupt):
            Screen().error("Interrupted.")
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


app = typer.Typer(
    cls=AiengGroup,
    help="A glossary and spaced-repetition flashcards for AI engineers.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete_term(incomplete: str) -> list[str]:
    from aieng_cli.completion import term_candidates

    try:
        return term_candidates(_knowledge(), incomplete)
    except AiengError:
        return []


def _complete_topic(incomplete: str) -> list[str]:
    from aieng_cli.completion import topic_candidates

    return topic_candidates(incomplete)


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopicOption = Annotated[
    str | None, typer.Option("--topic", help="Only this topic (see: aieng topics).", autocompletion=_complete_topic)
]


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"aieng {__version__}\n")
        raise typer.Exit()


class AppState:
    """What the top-level options decide, for every command."""

    def __init__(self, screen: Screen, decks: list[Path] | None = None) -> None:
        self.screen = screen
        self.decks = decks or []


def _settings(**flags: Any) -> dict[str, Any]:
    """Effective settings: flags over environment over the config file over defaults."""
    from aieng_cli.config import resolve
    from aieng_cli.store import config_path, read_config

    return resolve(read_config(), str(config_path()), os.environ, flags)


@app.callback()
def main_options(
    ctx: typer.Context,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Force colour on or off (NO_COLOR is honoured).")
    ] = None,
    kb: Annotated[
        list[Path] | None,
        typer.Option(
            "--kb", help="An extra knowledge-base file or directory, merged over the shipped one (repeatable)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """aieng: look up AI-engineering terms and drill interview questions."""
    if color is None and ctx.invoked_subcommand is not None and _may_set_color(ctx.invoked_subcommand):
        color = _settings()["color"].value
    ctx.obj = AppState(Screen(color=color), list(kb or []))


def _may_set_color(command: str) -> bool:
    """Whether the settings need reading for colour: always, except that a lookup skips them when
    neither AIENG_COLOR nor a config file exists (the common case, kept fast)."""
    if command != "define" or os.environ.get("AIENG_COLOR"):
        return True
    from aieng_cli.store import config_path

    return config_path().exists()


def _knowledge(ctx: typer.Context | None = None) -> KnowledgeBase:
    from aieng_cli.store import open_knowledge

    warnings: list[str] = []
    kb = open_knowledge(warnings, _state(ctx).decks)
    _warn(ctx, warnings)
    return kb


def _state(ctx: typer.Context | None) -> AppState:
    while ctx is not None:
        if isinstance(ctx.obj, AppState):
            return ctx.obj
        ctx = ctx.parent
    return AppState(Screen())


def _warn(ctx: typer.Context | None, warnings: list[str]) -> None:
    for warning in warnings:
        _state(ctx).screen.note(warning)


@app.command()
def define(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="The term: a name, alias or abbreviation; several words need no quotes.",
            autocompletion=_complete_term,
            metavar="TERM",
        ),
    ],
    short: Annotated[bool, typer.Option("--short", help="Print only the one-line definition.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Define a term, forgiving case, hyphens, dots and typos (a plain misspelling is corrected)."""
    from aieng_cli.render import term_json
    from aieng_cli.store import find_page

    warnings: list[str] = []
    try:
        page = find_page(" ".join(words), warnings, _state(ctx).decks)
    finally:
        _warn(ctx, warnings)
    screen = _state(ctx).screen
    if page.corrected_from is not None:
        screen.note(f'No term "{page.corrected_from}"; showing {page.term.term}.')
    if as_json:
        screen.json(term_json(page))
    elif short:
        screen.short(page.term)
    else:
        screen.term(page)


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to look for in terms and interview questions.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many results.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Full-text search over terms and questions, best matches first (exit 1 when none)."""
    from aieng_cli.render import hit_json
    from aieng_cli.search import search as run_search

    query = " ".join(words)
    results = run_search(_knowledge(ctx), query, limit)
    hits = results.hits
    screen = _state(ctx).screen
    if results.corrected is not None:
        screen.note(f'Nothing matches "{query[:60]}"; showing results for "{results.corrected}".')
    if as_json:
        screen.json([hit_json(hit) for hit in hits])
        if not hits:
            raise typer.Exit(ExitCode.NOT_FOUND)
    elif not hits:
        raise NotFound(f'Nothing matches "{query[:60]}".', "Try fewer or shorter words.")
    else:
        screen.hits(hits)


@app.command()
def answer(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="A question id (see `aieng define` or `search`) or words from the question.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Show an interview question with its model answer, key points and sources."""
    from aieng_cli.knowledge import find_question
    from aieng_cli.render import question_json

    kb = _knowledge(ctx)
    question = find_question(kb, " ".join(words))
    related = [(term_id, kb.terms[term_id].term) for term_id in question.related if term_id in kb.terms]
    screen = _state(ctx).screen
    if as_json:
        screen.json(question_json(question, related))
    else:
        screen.question(question, related)


def _topic_id(topic: str | None) -> str | None:
    """The topic id `--topic` names (an id or a name, forgiving case), or a usage error."""
    from aieng_cli.topics import TOPIC_NAMES, resolve_topic

    if topic is None:
        return None
    topic_id = resolve_topic(topic)
    if topic_id is None:
        raise UsageError(f"Unknown topic {topic!r}.", f"Topics: {', '.join(TOPIC_NAMES)}")
    return topic_id


@app.command("list")
def list_terms(
    ctx: typer.Context,
    topic: TopicOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List terms with their one-line definitions, in teaching order."""
    topic = _topic_id(topic)
    terms = _knowledge(ctx).terms_in_order(topic)
    screen = _state(ctx).screen
    if as_json:
        screen.json([{"id": t.id, "term": t.term, "topic": t.topic, "short": t.short} for t in terms])
    else:
        screen.term_list(terms)


@app.command()
def topics(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the topics with how many terms and questions each has."""
    from aieng_cli.topics import TOPICS

    counts = _knowledge(ctx).topic_counts()
    screen = _state(ctx).screen
    if as_json:
        screen.json(
            [{"id": t.id, "name": t.name, "terms": counts[t.id][0], "questions": counts[t.id][1]} for t in TOPICS]
        )
    else:
        screen.topics(counts)


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Knowledge-base files or directories (default: everything aieng loads)."),
    ] = None,
) -> None:
    """Check knowledge-base files and report every problem as FILE:LINE: message (exit 1 on any).

    With no PATH, checks what every other command loads: the shipped files, your decks folder,
    AIENG_KB_PATH and --kb. Given files are checked together with the shipped knowledge base.
    """
    from aieng_cli.store import expand_paths, knowledge_sources, load_knowledge, shipped_files

    if paths:
        given = expand_paths(paths)
        if not given:
            raise UsageError(f"No *.yaml or *.yml files in {', '.join(map(str, paths))}.")
        contents = {path.read_bytes() for path in given}
        files = [path for path in shipped_files() if path.read_bytes() not in contents] + given
    else:
        files = knowledge_sources(_state(ctx).decks)
    kb, problems = load_knowledge(files)
    screen = _state(ctx).screen
    if problems:
        order = {str(path): index for index, path in enumerate(files)}
        screen.problems(sorted(problems, key=lambda p: (order.get(p.path, len(order)), p.path, p.line)))
        raise InvalidKnowledge(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found.")
    checked = f"{len(files)} file{'s' if len(files) > 1 else ''}"
    screen.note(f"OK: {checked}, {len(kb.terms)} terms, {len(kb.questions)} questions, no problems.")


ProgressOption = Annotated[
    Path | None,
    typer.Option("--progress-file", help="The progress file (default: AIENG_PROGRESS_FILE or the user data dir)."),
]


def _now() -> datetime:
    """The clock, read here only. AIENG_NOW (an ISO time with zone) pretends another time, for scripts."""
    pretend = os.environ.get("AIENG_NOW")
    if pretend:
        try:
            moment = datetime.fromisoformat(pretend)
        except ValueError:
            raise UsageError(f"AIENG_NOW={pretend!r} is not an ISO 8601 time.") from None
        if moment.tzinfo is None:
            raise UsageError(f"AIENG_NOW={pretend!r} needs a time zone, e.g. 2026-01-31T09:00:00+00:00.")
        return moment.astimezone(UTC)
    return datetime.now(UTC)


def _local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def _progress_file(path: Path | str | None) -> ProgressFile:
    """The progress file: the given path, else the config file's, else AIENG_PROGRESS_FILE or the default."""
    from aieng_cli.progress_store import ProgressFile, default_progress_path

    if path is None:
        path = _settings()["progress_file"].value
    return ProgressFile(Path(path).expanduser() if path else default_progress_path())


@app.command()
def quiz(
    ctx: typer.Context,
    new: Annotated[int | None, typer.Option("--new", min=0, help="New cards per local day [default: 10].")] = None,
    max_reviews: Annotated[
        int | None, typer.Option("--max-reviews", min=0, help="Reviews per local day [default: 200].")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Answer at most this many cards.")] = None,
    topic: TopicOption = None,
    kind: Annotated[KindChoice | None, typer.Option("--kind", help="Only terms or only questions.")] = None,
    cram: Annotated[
        bool, typer.Option("--cram", help="Practise cards that are not due; the schedule is unchanged.")
    ] = False,
    retention: Annotated[
        float | None, typer.Option("--retention", min=0.7, max=0.99, help="Desired retention, 0.7-0.99 [default: 0.9].")
    ] = None,
    progress_file: ProgressOption = None,
) -> None:
    """Spaced-repetition quiz: due cards first, then new ones. Keys: Enter reveal, 1-4 rate, u undo, s skip, q quit.

    When stdin is not a terminal, each action is one line (reveal or typed answer, then the rating;
    an empty rating takes the suggestion): printf '\\n3\\n\\n1\\n' | aieng quiz --limit 2
    """
    from aieng_cli.interactive import Keys, QuizLoop
    from aieng_cli.quiz import QuizOptions, Session
    from aieng_cli.render import QuizScreen, format_when
    from aieng_cli.schedule import Reviewer

    topic = _topic_id(topic)
    config = _settings(
        new_per_day=new,
        max_reviews_per_day=max_reviews,
        desired_retention=retention,
        progress_file=str(progress_file) if progress_file else None,
    )
    new, max_reviews = config["new_per_day"].value, config["max_reviews_per_day"].value
    retention = config["desired_retention"].value
    kb = _knowledge(ctx)
    file = _progress_file(config["progress_file"].value)
    if not cram:
        file.lock()
    progress = file.load()
    settings = replace(progress.settings, desired_retention=retention)
    progress.settings = settings
    options = QuizOptions(new, max_reviews, limit, topic, kind.plural if kind else None, cram)
    now = _now()
    session = Session(kb, progress, Reviewer(settings), _local_zone(), options, now)
    view = QuizScreen(_state(ctx).screen)
    if session.next_card(now) is None:
        if cram:
            view.notice("Nothing to cram: no card you have studied matches.")
            return
        next_due = session.next_due()
        message = "Nothing due now."
        if next_due:
            message += f" Next card due {format_when(next_due, now)}."
        if not session.new_left_today(now) and any(c for c in session._candidates() if c.id not in progress.cards):
            message += (
                " New cards are off (--new 0)."
                if new == 0
                else f" Today's {new} new cards are done (take more with --new N)."
            )
        view.notice(message)
        return
    _install_sigterm()
    keys = Keys(sys.stdin, sys.stdin.isatty(), typer.getchar)
    code = QuizLoop(session, None if cram else file, view, keys, _now).run()
    file.unlock()
    if code:
        raise typer.Exit(code)


def _install_sigterm() -> None:
    import signal

    def stop(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


progress_app = typer.Typer(cls=typer.core.TyperGroup, rich_markup_mode=None, invoke_without_command=True)
app.add_typer(progress_app, name="progress")


@progress_app.callback()
def progress(
    ctx: typer.Context,
    as_json: JsonFlag = False,
    reset: Annotated[bool, typer.Option("--reset", help="Start over; a timestamped backup is kept.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also save the view, charts included, as an SVG.")] = None,
    progress_file: ProgressOption = None,
) -> None:
    """What you know, what is due, and how you are doing, with a review heatmap and charts."""
    if ctx.invoked_subcommand is not None:
        given = [
            flag for flag, value in (("--json", as_json), ("--reset", reset), ("--yes", yes), ("--svg", svg)) if value
        ]
        if given:
            raise UsageError(
                f"{given[0]} belongs to `aieng progress` itself, not to `progress {ctx.invoked_subcommand}`."
            )
        return
    if yes and not reset:
        raise UsageError("--yes only confirms --reset; nothing to confirm.")
    from aieng_cli.stats import progress_report

    screen = _state(ctx).screen
    file = _progress_file(progress_file)
    now = _now()
    if reset:
        _reset(file, now, yes, screen)
        return
    from aieng_cli.stats import chart_data, overview

    view = overview(_knowledge(ctx), file.load(), now, _local_zone())
    report = progress_report(view)
    if as_json:
        screen.json(report)
        return
    from aieng_cli.render import QuizScreen

    charts = chart_data(view)
    QuizScreen(screen).progress(report)
    QuizScreen(screen).charts(charts)
    if svg is not None:
        recording = Screen(record=True)
        QuizScreen(recording).progress(report)
        QuizScreen(recording).charts(charts)
        try:
            recording.save_svg(str(svg), title="aieng progress")
        except OSError as error:
            raise UnreadableInput(f"Cannot write {svg}: {error.strerror or error}.") from None
        screen.note(f"Saved the view as {svg}.")


def _reset(file: ProgressFile, now: datetime, yes: bool, screen: Screen) -> None:
    if not file.path.exists():
        screen.note(f"Nothing to reset: {file.path} does not exist.")
        return
    if not yes:
        try:
            confirmed = typer.confirm(f"Reset all progress in {file.path}? A backup is kept", default=False)
        except typer.Abort:  # end of input: no answer is no
            confirmed = False
        if not confirmed:
            screen.note("Reset cancelled; nothing was changed.")
            return
    file.lock()
    backup = file.backup(now.strftime("%Y%m%dT%H%M%SZ"))
    file.path.unlink()
    file.unlock()
    screen.note(f"Progress reset. The old file is kept as {backup}.")


export_app = typer.Typer(
    cls=typer.core.TyperGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Export the knowledge base for Anki, spreadsheets or reading.",
)
app.add_typer(export_app, name="export")


def _export(ctx: typer.Context, kind: str, path: Path, topic: str | None) -> None:
    from aieng_cli import exports
    from aieng_cli.store import text_output

    topic = _topic_id(topic)
    kb = _knowledge(ctx)
    now = _now()
    screen = _state(ctx).screen
    total = len(kb.terms_in_order(topic)) + sum(1 for q in kb.questions.values() if topic in (None, q.topic))
    to_stdout = str(path) == "-"
    if to_stdout and kind == "anki":
        raise UsageError("An Anki package is a file: give a path ending in .apkg, not -.")
    try:
        with screen.progress_bar(0 if to_stdout else total, f"Exporting {kind}") as tick:
            if kind == "anki":
                count = exports.write_anki(kb, path, topic, tick, exported_at=now)
            else:
                write = exports.write_csv if kind == "csv" else exports.write_markdown
                with text_output(path) as out:
                    count = write(kb, out, topic, tick)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): Click ends quietly, as for every command
    except OSError as error:
        raise UnreadableInput(f"Cannot write {path}: {error.strerror or error}.") from None
    screen.note(f"Wrote {count} entries to {'standard output' if to_stdout else path}.")


@export_app.command("anki")
def export_anki(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The .apkg file to write.")],
    topic: TopicOption = None,
) -> None:
    """An Anki package: one note type for terms, one for questions; stable ids, so re-imports update notes."""
    _export(ctx, "anki", path, topic)


@export_app.command("csv")
def export_csv(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="The .csv file to write.")], topic: TopicOption = None
) -> None:
    """A CSV file (front, back, kind, id, topic, tags, sources) for Anki, Quizlet or a spreadsheet."""
    _export(ctx, "csv", path, topic)


@export_app.command("markdown")
def export_markdown(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="The .md file to write.")], topic: TopicOption = None
) -> None:
    """The glossary as one Markdown document, grouped by topic, with links between related terms."""
    _export(ctx, "markdown", path, topic)


@progress_app.command("export")
def progress_export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write a copy of your progress.")],
    progress_file: ProgressOption = None,
) -> None:
    """Write your progress (card states and the full review log) to PATH, to take to another machine."""
    from aieng_cli.progress_store import ProgressFile

    progress = _progress_file(progress_file or _parent_progress_file(ctx)).load()
    progress.journal_applied = progress.journal_pending = 0
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give the path of the file to write.")
    ProgressFile(path).save(progress)
    _state(ctx).screen.note(f"Wrote {len(progress.reviews)} reviews to {path}.")


@progress_app.command("import")
def progress_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A progress file exported on another machine.")],
    progress_file: ProgressOption = None,
) -> None:
    """Merge another progress file into yours: the union of both review logs, states replayed in time order."""
    from aieng_cli.progress import Progress, merge_reviews
    from aieng_cli.progress_store import ProgressFile
    from aieng_cli.schedule import Reviewer

    if not path.is_file():
        raise UnreadableInput(f"No such progress file to import: {str(path)!r}.")
    try:
        incoming = ProgressFile(path).load()
    except UnreadableProgress as error:
        raise UnreadableInput(
            f"Cannot import {path}: {error.problem}.",
            "Give a file written by `aieng progress export`; yours is unchanged.",
        ) from None
    file = _progress_file(progress_file or _parent_progress_file(ctx))
    file.lock()
    try:
        local = file.load()
        file.compact(local)
        reviews = merge_reviews(local.reviews, incoming.reviews)
        # the journal is folded in and gone, so its numbering can start afresh
        merged = Progress(local.settings, Reviewer(local.settings).replay(reviews), reviews)
        file.save(merged)
    finally:
        file.unlock()
    added = len(reviews) - len(local.reviews)
    _state(ctx).screen.note(f"Imported {added} new review(s); {len(reviews)} in all.")


def _parent_progress_file(ctx: typer.Context) -> Path | None:
    """`aieng progress --progress-file X import ...`: the group's option applies to its commands."""
    return ctx.parent.params.get("progress_file") if ctx.parent else None


config_app = typer.Typer(
    cls=typer.core.TyperGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="The config file: where it is and the effective settings.",
)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (it need not exist)."""
    from aieng_cli.store import config_path

    sys.stdout.write(f"{config_path()}\n")


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Print every setting, its value, and where it came from (default, file, environment, flag)."""
    from aieng_cli.config import KEYS

    settings = _settings()
    screen = _state(ctx).screen
    if as_json:
        screen.json({name: {"value": s.value, "source": s.source} for name, s in settings.items()})
    else:
        screen.settings({name: (s.value, s.source, KEYS[name].help) for name, s in settings.items()})


lookup_app = typer.Typer(
    cls=AiengGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
lookup_app.callback()(main_options)
lookup_app.command()(define)


def _command_name(args: list[str]) -> str | None:
    """The subcommand in `args`, skipping global options (and the value of --kb)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--kb":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Run the CLI. `define`, the hot path, runs in an app holding only that command: Typer builds
    every command's parameters at start-up, and lookups should not pay for the other twenty."""
    fast = _command_name(sys.argv[1:]) == "define" and not os.environ.get("_AIENG_COMPLETE")
    (lookup_app if fast else app)(prog_name="aieng")
