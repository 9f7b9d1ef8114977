"""`aieng config`: where the config file is, and the effective settings."""

from __future__ import annotations

import typer

from aieng_cli.commands.state import HelpfulGroup, JsonFlag, settings, state

config_app = typer.Typer(
    cls=HelpfulGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    help="The config file: where it is and the effective settings.",
)


@config_app.command("path")
def config_path_command(ctx: typer.Context) -> None:
    """Print where the config file is (it need not exist)."""
    from aieng_cli.store.paths import config_path

    state(ctx).screen.echo(str(config_path()))


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Print every setting, its value, and where it came from.

    The source is one of: default, the config file, the environment, or a flag.
    """
    from aieng_cli.core.settings import KEYS
    from aieng_cli.store.paths import default_progress_path

    rows = {name: (s.value, s.source, KEYS[name].help) for name, s in settings(strict=True).items()}
    value, source, meaning = rows["progress_file"]
    if value is None:  # show where the file really is, not just that it is automatic
        rows["progress_file"] = (str(default_progress_path()), source, meaning)
    screen = state(ctx).screen
    if as_json:
        from aieng_cli.render.json_shapes import settings_json

        screen.json(settings_json(rows))
        return
    from aieng_cli.render.tables import show_settings

    show_settings(screen, rows)
