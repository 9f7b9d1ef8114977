"""The built wheel carries the knowledge base: install it into a fresh venv and run it elsewhere."""

import json
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the built wheel; its dependencies come from this environment via a .pth file."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(ROOT)],
        check=True,
    )
    wheel = next(work.glob("aieng-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True)
    # only now make the dependencies importable (before, pip would think aieng itself was installed)
    outer = [sysconfig.get_path("purelib"), *site.getsitepackages()]
    (Path(purelib) / "zz-outer-deps.pth").write_text("\n".join(outer) + "\n")
    return env_dir


def test_wheel_runs_define_from_another_directory(installed_wheel: Path, tmp_path: Path):
    result = subprocess.run(
        [str(installed_wheel / "bin" / "aieng"), "define", "token", "--short"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    as_json = subprocess.run(
        [str(installed_wheel / "bin" / "aieng"), "define", "token", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    entry = json.loads(as_json.stdout)
    assert entry["id"] == "token" and result.stdout.strip() == entry["short"]


def test_wheel_ships_both_data_files(installed_wheel: Path, tmp_path: Path):
    code = (
        "import aieng_cli.store.knowledge_files as s; print(*[p for p in s.shipped_files() if p.is_file()], sep='\\n')"
    )
    out = subprocess.run(
        [str(installed_wheel / "bin" / "python"), "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True
    ).stdout.split()
    assert [Path(p).name for p in out] == ["glossary.yaml", "questions.yaml"]
    assert all(str(installed_wheel) in p for p in out)


def test_python_dash_m_works(installed_wheel: Path, tmp_path: Path):
    result = subprocess.run(
        [str(installed_wheel / "bin" / "python"), "-m", "aieng_cli", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout.startswith("aieng ")
