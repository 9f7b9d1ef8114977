"""Benchmarks as ratios against a floor measured in the same run (absolute times are noise here).

    python bench/run.py            # B1-B6 with the sizes the README quotes
    python bench/run.py --quick    # fewer runs and a smaller history, to check the script works
    python bench/run.py --instructions  # also instruction counts (callgrind), the same in every run

B1 `aieng define token` (fresh process, output to a pipe) against `python -c "import typer,
rich.console"`, with the shipped knowledge base and with a synthetic 20,000-term / 5,000-question
deck loaded as an extra deck. B2 the in-process cost of recording one answer (state, log, durable
save) at 15k, 150k and 1.5M reviews. B3 `aieng progress` at 10,000 cards / 150,000 reviews against
B1's floor. B4 peak RSS of B1 (20k terms) and B3. B5 `aieng search` with a learner's question
against the same floor, and search quality: recall@1/3/10 on tests/data/queries.tsv. B6 starting
`aieng quiz` on B3's history: the first card is shown, then `q` (piped) ends the session. The two
commands of a pair alternate, and the medians are compared. Inputs are generated, seeded, into a
temporary directory.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = [sys.executable, "-c", "import typer, rich.console"]


def aieng(*args: str) -> list[str]:
    script = shutil.which("aieng", path=str(Path(sys.executable).parent))
    return [script, *args] if script else [sys.executable, "-m", "aieng_cli", *args]


TIME = shutil.which("time", path="/usr/bin:/bin")


def timed(command: list[str], env: dict[str, str], given: bytes = b"") -> tuple[float, int]:
    """Wall time of one run (`given` on its standard input, output to a pipe)."""
    start = time.perf_counter()
    process = subprocess.run(command, env=env, input=given, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, 0


def peak_rss_mib(command: list[str], env: dict[str, str], given: bytes = b"") -> float | None:
    """Peak RSS of one run, measured by GNU time: a child forked from this (large) process would
    otherwise report this process's own memory as its peak."""
    if TIME is None:
        return None
    result = subprocess.run([TIME, "-f", "%M", *command], env=env, input=given, capture_output=True, check=True)
    return round(int(result.stderr.decode().strip().splitlines()[-1]) / 1024, 1)


VALGRIND = shutil.which("valgrind")


def instructions(command: list[str], env: dict[str, str], given: bytes = b"") -> int:
    """Instructions one run executes, counted by callgrind: unlike wall time, the same in every run
    however busy the machine is (and about 50 times slower to measure)."""
    assert VALGRIND is not None
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            [VALGRIND, "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *command],
            env=env,
            input=given,
            capture_output=True,
            check=True,
        )
    for line in result.stderr.decode().splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"callgrind printed no count for {' '.join(command)}")


def instruction_ratio(command: list[str], env: dict[str, str], given: bytes = b"") -> float:
    instructions(command, env, given)  # warms the caches the command writes
    return round(instructions(command, env, given) / instructions(FLOOR, env), 2)


def measure(
    command: list[str], env: dict[str, str], runs: int, given: bytes = b"", *, count: bool = False
) -> dict[str, float | None]:
    """The wall-time ratio (and with `count`, the instruction ratio) of `command` to the floor."""
    result = ratio(command, env, runs, given)
    if count:
        result["instruction_ratio"] = instruction_ratio(command, env, given)
    return result


def ratio(command: list[str], env: dict[str, str], runs: int, given: bytes = b"") -> dict[str, float | None]:
    timed(command, env, given)  # warm the cache and the OS page cache
    timed(FLOOR, env)
    ours, floor = [], []
    for _ in range(runs):
        ours.append(timed(command, env, given)[0])
        floor.append(timed(FLOOR, env)[0])
    return {
        "ratio": round(statistics.median(ours) / statistics.median(floor), 2),
        "median_ms": round(statistics.median(ours) * 1000, 1),
        "floor_ms": round(statistics.median(floor) * 1000, 1),
        "peak_rss_mib": peak_rss_mib(command, env, given),
    }


def answer_cost(work: Path, reviews: int, cards: int, samples: int) -> float:
    """Median milliseconds to answer one card and persist it durably, with `reviews` in the history."""
    from aieng_cli.core.records import Review
    from aieng_cli.core.schedule import Reviewer
    from aieng_cli.store.progress_file import ProgressFile

    path = work / f"history-{reviews}.json"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "history",
            str(path),
            "--cards",
            str(cards),
            "--reviews",
            str(reviews),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    file = ProgressFile(path)
    progress = file.load()
    reviewer = Reviewer(progress.settings)
    card_ids = sorted(progress.cards)[:samples]
    clock = max(review.time for review in progress.reviews) + timedelta(days=1)
    costs = []
    for card_id in card_ids:
        clock += timedelta(seconds=30)
        start = time.perf_counter()
        state = reviewer.review(progress.cards.get(card_id), card_id, 3, clock)
        review = Review(card_id, clock, 3, 2000)
        progress.cards[card_id] = state
        progress.reviews.append(review)
        file.record(progress, review, state)
        costs.append(time.perf_counter() - start)
    file.compact(progress)
    return round(statistics.median(costs) * 1000, 2)


def search_recall() -> dict[str, float]:
    """Share of tests/data/queries.tsv whose acceptable entries are in the top 1, 3 and 10 hits."""
    import csv

    from aieng_cli.core.search import search_index
    from aieng_cli.store.search_cache import open_search_index

    index = open_search_index([])
    with (HERE.parent / "tests" / "data" / "queries.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    found = {1: 0, 3: 0, 10: 0}
    for row in rows:
        ids = [hit.id for hit in search_index(index, row["query"], 10).hits]
        for k in found:
            found[k] += bool(set(row["acceptable"].split(",")) & set(ids[:k]))
    return {f"recall@{k}": round(count / len(rows), 3) for k, count in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with callgrind (needs valgrind)"
    )
    args = parser.parse_args()
    if args.instructions and VALGRIND is None:
        raise SystemExit("--instructions needs valgrind on the PATH")
    runs = 5 if args.quick else 21
    results: dict[str, object] = {"python": sys.version.split()[0], "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        env = {**os.environ, "AIENG_CACHE_DIR": str(work / "cache"), "AIENG_CONFIG_DIR": str(work / "config")}
        env.pop("AIENG_KB_PATH", None)
        results["B1 define, shipped"] = measure(aieng("define", "token"), env, runs, count=args.instructions)
        question = aieng("search", "why", "does", "the", "chatbot", "invent", "facts")
        results["B5 search, shipped"] = measure(question, env, runs, count=args.instructions)
        os.environ["AIENG_CACHE_DIR"] = env["AIENG_CACHE_DIR"]
        results["search quality"] = search_recall()
        deck = work / "deck.yaml"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "deck", str(deck)], check=True, stdout=subprocess.DEVNULL
        )
        big = {**env, "AIENG_KB_PATH": str(deck)}
        results["B1 define, 20k terms"] = measure(aieng("define", "token"), big, runs, count=args.instructions)
        sizes = (15_000, 150_000) if args.quick else (15_000, 150_000, 1_500_000)
        results["B2 answer ms"] = {str(n): answer_cost(work, n, 10_000, 30 if args.quick else 200) for n in sizes}
        history = work / "history-150000.json"
        deck5k = work / "deck-5k.yaml"  # 5,000 terms: the 10,000 cards the history reviews
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "deck", str(deck5k), "--terms", "5000", "--questions", "0"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        progress_env = {**env, "AIENG_KB_PATH": str(deck5k), "AIENG_PROGRESS_FILE": str(history)}
        count = args.instructions
        results["B3 progress, 10k cards / 150k reviews"] = measure(aieng("progress"), progress_env, runs, count=count)
        # no answer is given, so the history is the same for every run
        results["B6 quiz start, same history"] = measure(aieng("quiz"), progress_env, runs, b"q\n", count=count)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
