"""The layers stay where the design puts them (see the README's Development section).

Every import counts, including imports inside functions. A module's layer is its folder:
commands/ (the face), core/ (pure), store/ (files and environment), render/ (output).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aieng_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))
LAYERS = ("commands", "core", "store", "render")


def layer(path: Path) -> str:
    """`core`, `store`, `render`, `commands`, or `top` for the modules beside the folders."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "top"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports anywhere (top level or inside functions), dotted."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: use absolute imports"
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def roots(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


def own_layers(path: Path) -> set[str]:
    """The layers (and top-level modules) of aieng_cli that `path` imports."""
    found = set()
    for name in imports(path):
        parts = name.split(".")
        if parts[0] == "aieng_cli" and len(parts) > 1 and parts[1] != "__version__":
            found.add(parts[1])
    return found


def calls(path: Path) -> set[str]:
    """Names of functions called (`print(...)`, `datetime.now(...)`) and attributes read (`os.environ`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            names.add(node.func.attr)
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "stdin", "stdout", "stderr"):
            names.add(node.attr)
    return names


def in_layer(*names: str) -> list[Path]:
    return [path for path in MODULES if layer(path) in names]


def ids(paths: list[Path]) -> list[str]:
    return [module_name(path) for path in paths]


# third-party library -> the layers that may import it
LIBRARY_OWNERS = {
    "typer": {"commands", "top"},
    "click": set(),
    "rich": {"render"},
    "yaml": {"store"},
    "platformdirs": {"store"},
    "genanki": {"store"},
    "markdown_it": {"render"},
    "fsrs": {"core"},
    "msgspec": {"store"},
}


@pytest.mark.parametrize("path", MODULES, ids=ids(MODULES))
def test_libraries_stay_in_their_layer(path: Path):
    for library in roots(path) & set(LIBRARY_OWNERS):
        assert layer(path) in LIBRARY_OWNERS[library], f"{module_name(path)} imports {library}"


def test_fsrs_is_used_by_the_scheduler_alone():
    users = [module_name(path) for path in MODULES if "fsrs" in roots(path)]
    assert users == ["core.schedule"]


@pytest.mark.parametrize("path", in_layer("core"), ids=ids(in_layer("core")))
def test_core_is_pure(path: Path):
    assert own_layers(path) <= {"core", "errors"}, f"{module_name(path)} imports {own_layers(path)}"
    assert not ({"os", "sys", "time", "subprocess", "io", "shutil", "tempfile", "pathlib"} & roots(path))
    forbidden = {"print", "open", "input", "now", "today", "utcnow", "environ", "getenv", "stdin", "stdout"}
    assert not (forbidden & calls(path)), forbidden & calls(path)


@pytest.mark.parametrize("path", in_layer("render"), ids=ids(in_layer("render")))
def test_render_writes_no_files_and_reads_no_clock(path: Path):
    assert own_layers(path) <= {"core", "render", "errors"}, f"{module_name(path)} imports {own_layers(path)}"
    assert not ({"open", "input", "now", "today", "utcnow", "environ", "getenv", "stdin"} & calls(path))
    assert not ({"os", "subprocess", "pathlib", "shutil", "tempfile", "time"} & roots(path))


@pytest.mark.parametrize("path", in_layer("store"), ids=ids(in_layer("store")))
def test_store_does_not_draw(path: Path):
    assert own_layers(path) <= {"core", "store", "errors"}, f"{module_name(path)} imports {own_layers(path)}"
    assert not ({"print", "input", "stdin"} & calls(path))


@pytest.mark.parametrize("path", in_layer("commands"), ids=ids(in_layer("commands")))
def test_commands_reach_files_and_environment_through_the_store(path: Path):
    assert "app" not in own_layers(path)
    assert not ({"open", "print", "environ", "getenv", "stdout", "stderr"} & calls(path))
    assert not ({"os", "subprocess", "shutil", "tempfile"} & roots(path))


def test_the_environment_is_read_in_one_module():
    readers = [module_name(path) for path in MODULES if {"environ", "getenv"} & calls(path)]
    assert readers == ["store.environment"]


def test_at_most_three_modules_outside_the_layers():
    outside = sorted(path.name for path in MODULES if layer(path) == "top" and path.name != "__init__.py")
    assert outside == ["__main__.py", "app.py", "errors.py"]
    assert {path.relative_to(PACKAGE).parts[0] for path in MODULES if layer(path) != "top"} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=ids(MODULES))
def test_no_module_is_longer_than_400_lines(path: Path):
    assert len(path.read_text().splitlines()) <= 400


@pytest.mark.parametrize("path", MODULES, ids=ids(MODULES))
def test_no_private_name_is_imported_across_modules(path: Path):
    for name in imports(path):
        private = [part for part in name.split(".") if part.startswith("_") and not part.endswith("__")]
        assert not private, name
