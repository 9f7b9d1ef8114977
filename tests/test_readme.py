"""The README stays true: it opens with the two commands, documents every command, and its example deck is valid."""

import re
from pathlib import Path

import typer

from aieng_cli.app import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, object]]:
    """Every command and subcommand, loaded the way the CLI loads them (on demand)."""
    root = typer.main.get_command(app)
    context = typer.Context(root)
    found = []
    for name in root.list_commands(context):
        command = root.get_command(context, name)
        found.append((name, command))
        for sub_name, sub in getattr(command, "commands", {}).items():
            found.append((f"{name} {sub_name}", sub))
    assert len(found) >= 14
    return found


def test_readme_opens_with_exactly_two_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert len(first_block) == 2
    assert "pip install ." in first_block[0] and "aieng define" in first_block[0]
    assert '".[test]"' in first_block[1] and "pytest" in first_block[1]


def test_every_command_has_help_and_is_documented():
    for name, command in commands():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"aieng {name}" in README, f"README does not mention `aieng {name}`"


def test_every_environment_variable_is_documented():
    package = Path(__file__).resolve().parents[1] / "src" / "aieng_cli"
    source = "\n".join(path.read_text() for path in package.rglob("*.py"))
    for variable in set(re.findall(r'"(AIENG_[A-Z_]+)"', source)):
        assert variable in README, f"{variable} is not documented"


def test_example_deck_in_the_readme_is_valid(run, tmp_path):
    section = README.split("## Your own decks", 1)[1]
    deck = section.split("```yaml", 1)[1].split("```", 1)[0]
    path = tmp_path / "my-team.yaml"
    path.write_text(deck, encoding="utf-8")
    run("validate", str(path))
