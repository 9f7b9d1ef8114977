"""The layers stay where the design puts them (see ../shared/STYLE.md)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aieng_cli"

# module -> the only modules allowed to import it
OWNERS = {"typer": {"cli"}, "rich": {"render"}, "fsrs": {"schedule"}, "yaml": {"yamldoc"}}
PURE = {
    "models",
    "topics",
    "errors",
    "knowledge",
    "search",
    "schema",
    "yamldoc",
    "cards",
    "quiz",
    "schedule",
    "grading",
    "stats",
    "progress",
}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def calls(path: Path) -> set[str]:
    """Names of functions called (`print(...)`, `datetime.now(...)`) and attributes read (`os.environ`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            names.add(node.func.attr)
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            names.add(node.attr)
    return names


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_third_party_imports_stay_in_their_layer(path: Path):
    for library, owners in OWNERS.items():
        if library in imports(path):
            assert path.stem in owners, f"{path.stem} imports {library}; only {owners} may"


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem in PURE], ids=lambda p: p.stem)
def test_pure_modules_do_no_io(path: Path):
    assert not ({"print", "open", "input", "now", "today", "utcnow", "environ", "getenv"} & calls(path))
    assert not ({"os", "sys", "time", "subprocess"} & imports(path))
