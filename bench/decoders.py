"""Reading a progress file three ways, to choose the decoder (README, Performance):

    python bench/decoders.py HISTORY.json     # e.g. one made by: python bench/generate.py history

- stdlib: `json.loads`, then the codec's checks and columns (`progress_from_json`): the fallback
  path, and what every file went through before msgspec;
- orjson: `orjson.loads` (when installed; it is not a dependency), then the same checks;
- msgspec: the typed decoder (`decode_typed`), which checks while it decodes.

Prints the median milliseconds of each over 15 runs, and checks all three read the same progress.
"""

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aieng_cli.store.progress_codec import progress_from_json
from aieng_cli.store.progress_decoder import decode_typed


def median_ms(read: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("history", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    raw = args.history.read_bytes()
    readers: dict[str, Callable[[], Any]] = {
        "stdlib json + checks": lambda: progress_from_json(json.loads(raw.decode("utf-8"))),
        "msgspec typed": lambda: decode_typed(raw),
    }
    try:
        import orjson

        readers["orjson + checks"] = lambda: progress_from_json(orjson.loads(raw))
    except ImportError:
        pass
    results = {name: read() for name, read in readers.items()}
    first = next(iter(results.values()))
    assert all(result == first for result in results.values()), "the decoders disagree"
    timings = {name: median_ms(read, args.runs) for name, read in readers.items()}
    print(json.dumps({"bytes": len(raw), "median_ms": timings}, indent=2))


if __name__ == "__main__":
    main()
