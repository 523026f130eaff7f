"""How long `facepay --help` and a subcommand's `--help` take, beside a floor run in turn with them.

    python benchmarks/cli_start.py [--runs 7] [--json]

Each run starts a fresh interpreter. The floor is a process that only imports PySide6.QtWidgets
(the cheapest start a Qt application can have), run alternately with the commands so both see the
same machine; the figure worth reading is the ratio. Exit 0 if every command answered.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import PySide6.QtWidgets"]
COMMANDS = {
    "facepay --help": [sys.executable, "-m", "pos_app", "--help"],
    "facepay kiosk --help": [sys.executable, "-m", "pos_app", "kiosk", "--help"],
    "facepay register --help": [sys.executable, "-m", "pos_app", "register", "--help"],
}


def seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"floor": [], **{name: [] for name in COMMANDS}}
    seconds(FLOOR)  # warm the file cache for every contender alike
    for argv in COMMANDS.values():
        seconds(argv)
    for _ in range(args.runs):
        for name, argv in [("floor", FLOOR), *COMMANDS.items()]:
            times[name].append(seconds(argv))
    floor = statistics.median(times["floor"])
    summary = {name: {"min_s": round(min(t), 3), "median_s": round(statistics.median(t), 3),
                      "ratio_median": round(statistics.median(t) / floor, 2)} for name, t in times.items()}
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"floor (import PySide6.QtWidgets): min {min(times['floor']):.3f} s, median {floor:.3f} s")
    for name in COMMANDS:
        s = summary[name]
        print(f"{name}: min {s['min_s']:.3f} s, median {s['median_s']:.3f} s = {s['ratio_median']}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
