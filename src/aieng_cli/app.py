"""The root command: global options, lazy loading of the command modules, and the one place where
errors become a message on stderr and an exit code.

Each command's module is imported (and its Typer parameters built) only when that command runs,
so `aieng define` pays for one command, not for all of them.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.main import get_command, get_command_from_info
from typer.models import CommandInfo

from aieng_cli import __version__
from aieng_cli.commands.state import AppState, HelpfulGroup
from aieng_cli.errors import AiengError, ExitCode
from aieng_cli.render import Screen

# command name -> (module, attribute): a function becomes a command, a Typer app a command group
COMMANDS: dict[str, tuple[str, str]] = {
    "define": ("aieng_cli.commands.lookup", "define"),
    "search": ("aieng_cli.commands.lookup", "search"),
    "answer": ("aieng_cli.commands.lookup", "answer"),
    "list": ("aieng_cli.commands.lookup", "list_terms"),
    "topics": ("aieng_cli.commands.lookup", "topics"),
    "validate": ("aieng_cli.commands.validate", "validate"),
    "quiz": ("aieng_cli.commands.quiz", "quiz"),
    "progress": ("aieng_cli.commands.progress", "progress_app"),
    "cards": ("aieng_cli.commands.cards", "cards_app"),
    "edit": ("aieng_cli.commands.edit", "edit"),
    "interview": ("aieng_cli.commands.interview", "interview"),
    "path": ("aieng_cli.commands.learning", "path"),
    "next": ("aieng_cli.commands.learning", "next_terms"),
    "export": ("aieng_cli.commands.export", "export_app"),
    "config": ("aieng_cli.commands.config", "config_app"),
}


class AiengGroup(HelpfulGroup):
    """The root group: loads commands on demand and turns every error into one line and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, global_options_first(args))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        target = getattr(importlib.import_module(module_name), attribute)
        if isinstance(target, typer.Typer):
            command = get_command(target)
        else:
            info = CommandInfo(name=cmd_name, callback=target)
            command = get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        command.name = cmd_name
        return command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from aieng_cli.store.environment import variable

        if variable("_AIENG_COMPLETE"):
            # registers the bash/zsh/fish completion classes (cheap; only when completing)
            from typer.completion import completion_init  # type: ignore[attr-defined]

            completion_init()
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except AiengError as error:
            _screen().error(error.line())
            sys.exit(error.exit_code)
        except typer.TyperException as error:
            ctx = getattr(error, "ctx", None)
            _screen().error(f"{error.format_message()} (see: {ctx.command_path if ctx else 'aieng'} --help)")
            sys.exit(ExitCode.USAGE)
        except (typer.Abort, KeyboardInterrupt):
            _screen().error("Interrupted.")
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


GLOBAL_FLAGS = ("--color", "--no-color")
GLOBAL_WITH_VALUE = "--kb"


def global_options_first(args: list[str]) -> list[str]:
    """`aieng define rag --no-color` as `aieng --no-color define rag`: the global options are
    accepted after the command too (no command has options of the same names); nothing after
    `--` moves."""
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            kept.extend(args[index:])
            break
        if kept and arg in GLOBAL_FLAGS:
            moved.append(arg)
        elif kept and arg == GLOBAL_WITH_VALUE and index + 1 < len(args):
            moved.extend(args[index : index + 2])
            index += 1
        elif kept and arg.startswith(GLOBAL_WITH_VALUE + "="):
            moved.append(arg)
        else:
            kept.append(arg)
        index += 1
    return moved + kept


def _screen() -> Screen:
    return Screen()


app = typer.Typer(
    cls=AiengGroup,
    help="A glossary and spaced-repetition flashcards for AI engineers.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        Screen().echo(f"aieng {__version__}")
        raise typer.Exit()


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
    ctx.obj = AppState.start(color, list(kb or []), ctx.invoked_subcommand)


def main() -> None:
    """Run the CLI."""
    app(prog_name="aieng")
