"""Make synthetic, deterministic benchmark inputs (never committed): a large deck and a long history.

python bench/generate.py deck OUT.yaml --terms 20000 --questions 5000
python bench/generate.py history OUT.json --cards 10000 --reviews 150000
"""

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aieng_cli.core.progress import Progress
from aieng_cli.core.records import Review
from aieng_cli.core.schedule import Reviewer, default_settings
from aieng_cli.core.topics import TOPICS
from aieng_cli.store.progress_file import ProgressFile

WORDS = "vector token model layer cache batch prompt agent graph index shard query latency weight tensor".split()


def deck(path: Path, terms: int, questions: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = ["version: 1", "terms:"]
    for n in range(terms):
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        lines += [
            f"  - id: synthetic-term-{n}",
            f"    term: Synthetic term {n}",
            f"    aliases: [synth {n}, st-{n}]",
            f"    topic: {TOPICS[n % len(TOPICS)].id}",
            f"    short: Synthetic entry {n} about {words[:60]}.",
            f"    definition: Entry {n} is generated for benchmarks. It mentions {words}.",
            f"    related: [synthetic-term-{(n + 1) % terms}]",
            "    sources: [{title: Benchmark, url: 'https://example.org/bench'}]",
        ]
    lines.append("questions:")
    for n in range(questions):
        lines += [
            f"  - id: synthetic-question-{n}",
            f"    question: What is synthetic term {n}?",
            "    answer: A generated entry used to measure speed at scale.",
            "    key_points: [generated, benchmark]",
            f"    topic: {TOPICS[n % len(TOPICS)].id}",
            "    difficulty: easy",
            "    type: concept",
            f"    related: [synthetic-term-{n % terms}]",
            "    sources: [{title: Benchmark, url: 'https://example.org/bench'}]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def history(path: Path, cards: int, reviews: int, seed: int) -> None:
    """A plausible log: each review picks a card, ratings mostly Good, times spread over three years."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    span = timedelta(days=3 * 365).total_seconds()
    ids = [f"term:synthetic-term-{n // 2}:{'recall' if n % 2 == 0 else 'reverse'}" for n in range(cards)]
    times = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(reviews))
    log = [
        Review(rng.choice(ids), when, rng.choices((1, 2, 3, 4), (1, 2, 12, 2))[0], rng.randint(800, 20000))
        for when in times
    ]
    reviewer = Reviewer(default_settings())
    progress = Progress(reviews=log)
    progress.cards = reviewer.replay(log)
    ProgressFile(path).save(progress)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=("deck", "history"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--terms", type=int, default=20000)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--cards", type=int, default=10000)
    parser.add_argument("--reviews", type=int, default=150000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.kind == "deck":
        deck(args.out, args.terms, args.questions, args.seed)
    else:
        history(args.out, args.cards, args.reviews, args.seed)
    print(json.dumps({"wrote": str(args.out), "bytes": args.out.stat().st_size}))


if __name__ == "__main__":
    main()
