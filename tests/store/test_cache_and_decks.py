"""The compiled cache is rebuilt when any source changes and survives damage; decks merge over the shipped KB."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DECK = """\
version: 1
terms:
  - id: {id}
    term: {name}
    aliases: [{alias}]
    topic: foundations
    short: {short}
    definition: A personal entry. It is short.
    sources:
      - title: Notes
        url: https://example.org/notes
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("AIENG_CACHE_DIR", str(directory))
    monkeypatch.setenv("AIENG_CONFIG_DIR", str(tmp_path / "config"))
    return directory


def short_of(run, *args: str) -> str:
    return json.loads(run(*args, "--json").stdout)["short"]


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a new mtime even on a coarse clock


def test_cache_is_written_and_rebuilt_when_a_deck_is_edited(run, cache, tmp_path):
    deck = tmp_path / "mine.yaml"
    write(deck, DECK.format(id="my-word", name="My word", alias="mw", short="First version."))
    assert short_of(run, "--kb", str(deck), "define", "mw") == "First version."
    assert list(cache.glob("kb-*.bin"))
    write(deck, DECK.format(id="my-word", name="My word", alias="mw", short="Second version."))
    assert short_of(run, "--kb", str(deck), "define", "mw") == "Second version."


def test_cache_follows_decks_added_and_removed(run, cache, tmp_path, monkeypatch):
    decks = tmp_path / "config" / "decks"
    decks.mkdir(parents=True)
    run("define", "mw", code=1)
    write(decks / "a.yaml", DECK.format(id="my-word", name="My word", alias="mw", short="From the decks folder."))
    assert short_of(run, "define", "mw") == "From the decks folder."
    (decks / "a.yaml").unlink()
    run("define", "mw", code=1)
    env_deck = tmp_path / "env.yaml"
    write(env_deck, DECK.format(id="env-word", name="Env word", alias="ew", short="From the environment."))
    monkeypatch.setenv("AIENG_KB_PATH", str(env_deck))
    assert short_of(run, "define", "ew") == "From the environment."


@pytest.mark.parametrize("damage", [b"", b"garbage", b"AIENGKB\x02\xff\xff\xff\xff\xff\xff\xff\x7f", None])
def test_corrupt_cache_is_ignored_with_a_warning_and_replaced(run, cache, damage):
    run("define", "rag")
    (path,) = cache.glob("kb-*.bin")
    good = path.read_bytes()
    path.write_bytes(damage if damage is not None else good[: len(good) // 2])
    result = run("define", "rag", "--short")
    assert result.stdout.strip()
    if damage is not None:
        assert "unreadable cache" in result.stderr
    run("define", "rag")
    assert path.read_bytes() == good


def test_deck_colliding_with_a_shipped_id_needs_override(run, cache, tmp_path):
    deck = tmp_path / "mine.yaml"
    write(deck, DECK.format(id="rag", name="My RAG", alias="my rag", short="Mine."))
    result = run("--kb", str(deck), "define", "rag", code=1)
    assert "duplicate term id 'rag'" in result.stderr and "glossary.yaml" in result.stderr
    assert "duplicate term id 'rag'" in run("validate", str(deck), code=1).stdout
    write(deck, DECK.format(id="rag", name="My RAG", alias="my rag", short="Mine.") + "    override: true\n")
    assert short_of(run, "--kb", str(deck), "define", "my rag") == "Mine."


def test_define_on_a_warm_cache_stays_off_heavy_imports(cache, tmp_path):
    code = (
        "import sys; from aieng_cli.app import app\n"
        "try:\n    app(['define', 'rag', '--short'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('fsrs', 'msgspec', 'yaml', 'rapidfuzz', 'markdown_it', 'rich.markdown', 'snowballstemmer',\n"
        "         'aieng_cli.commands.quiz', 'aieng_cli.commands.progress', 'aieng_cli.core.schema',\n"
        "         'aieng_cli.core.search')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "AIENG_CACHE_DIR": str(cache), "AIENG_CONFIG_DIR": str(tmp_path / "config")}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # warms the cache
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_caches_of_old_deck_combinations_are_pruned(run, cache, tmp_path):
    for number in range(7):
        deck = tmp_path / f"deck{number}.yaml"
        write(deck, DECK.format(id=f"word-{number}", name=f"Word {number}", alias=f"w{number}", short="Mine."))
        run("--kb", str(deck), "define", f"w{number}")
    assert len(list(cache.glob("kb-*.bin"))) == 4
    assert short_of(run, "--kb", str(tmp_path / "deck6.yaml"), "define", "w6") == "Mine."


def test_search_reads_its_compiled_index_and_rebuilds_a_damaged_one(run, cache):
    first = run("search", "kv", "cache").stdout
    (index,) = cache.glob("search-*.bin")
    built = index.stat().st_mtime_ns
    assert run("search", "kv", "cache").stdout == first and index.stat().st_mtime_ns == built, "read, not rebuilt"
    index.write_bytes(b"AIENGSI\x03 damaged")
    result = run("search", "kv", "cache")
    assert result.stdout == first and "unreadable cache" in result.stderr
    assert run("search", "kv", "cache").stderr == "", "rebuilt once, then read again"


def test_the_search_index_follows_an_edited_deck(run, cache, tmp_path):
    deck = tmp_path / "mine.yaml"
    write(deck, DECK.format(id="zebra-ranking", name="Zebra ranking", alias="zr", short="Stripes."))
    assert run("--kb", str(deck), "search", "zebra").stdout.startswith("Zebra ranking")
    write(deck, DECK.format(id="zebra-ranking", name="Quokka ranking", alias="zr", short="Stripes."))
    assert run("--kb", str(deck), "search", "quokka").stdout.startswith("Quokka ranking")


def test_a_broken_deck_in_the_decks_folder_is_left_out_with_a_warning(run, cache, tmp_path):
    decks = tmp_path / "config" / "decks"
    decks.mkdir(parents=True)
    broken = decks / "mine.yaml"
    write(broken, "version: 1\nterms:\n  - id: half-written\n    term: Half written\n")
    write(decks / "good.yaml", DECK.format(id="my-own", name="My own", alias="mo", short="Kept."))
    result = run("define", "token", "--short")
    assert result.stdout.strip() and result.stderr.strip() == (
        f"Ignoring {broken}: it has problems (see: aieng validate {broken})."
    )
    assert short_of(run, "define", "my own") == "Kept.", "the valid deck still loads"
    assert "missing required field 'topic'" in run("validate", code=1).stdout
    given = tmp_path / "given.yaml"
    write(given, "version: 1\nterms:\n  - id: also-broken\n")
    assert "invalid" in run("--kb", str(given), "define", "token", code=1).stderr, "a --kb deck is never skipped"


@pytest.mark.parametrize("kind", ["kb", "search"])
def test_any_damaged_byte_of_a_cache_is_found_and_the_cache_rebuilt(run, cache, kind):
    expected = run("search", "kv", "cache").stdout if kind == "search" else run("define", "rag", "--short").stdout
    (path,) = cache.glob(f"{kind}-*.bin")
    good = path.read_bytes()
    command = ("search", "kv", "cache") if kind == "search" else ("define", "rag", "--short")
    for position in (len(good) // 7, len(good) // 3, len(good) // 2, len(good) - 50):
        damaged = bytearray(good)
        damaged[position] ^= 0x55
        path.write_bytes(bytes(damaged))
        result = run(*command)
        assert result.stdout == expected, f"byte {position}: a damaged cache served a wrong answer"
        path.write_bytes(good)
