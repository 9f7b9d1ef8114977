"""`aieng config`: where the config file is, and the effective settings."""

from __future__ import annotations

import typer

from aieng_cli.commands.state import HelpfulGroup, JsonFlag, settings, state

config_app = typer.Typer(
    cls=HelpfulGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="The config file: where it is and the effective settings.",
)


@config_app.command("path")
def config_path_command(ctx: typer.Context) -> None:
    """Print where the config file is (it need not exist)."""
    from aieng_cli.store.paths import config_path

    state(ctx).screen.echo(str(config_path()))


@config_app.command("show")
def config_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Print every setting, its value, and where it came from (default, file, environment, flag)."""
    from aieng_cli.core.settings import KEYS

    rows = {name: (s.value, s.source, KEYS[name].help) for name, s in settings().items()}
    screen = state(ctx).screen
    if as_json:
        from aieng_cli.render.json_shapes import settings_json

        screen.json(settings_json(rows))
        return
    from aieng_cli.render.tables import show_settings

    show_settings(screen, rows)
