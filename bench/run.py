"""Speed and memory of leadcheck, each as a ratio to a floor measured in the same run.

    python3 tasks.py bench            # every case
    python3 tasks.py bench --quick    # fewer repeats, scaling up to 20,000 people

Each case times leadcheck and its floor alternately, several times, and keeps
the fastest run of each (the least disturbed by other work on the machine).
Targets are those of the design (quality.md); the script reports, it does not
fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import plan

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LEADCHECK = [PY, "-m", "leadcheck"]


def run(argv: Sequence[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], list(argv), os.environ | {"NO_COLOR": "1"})
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def compare(ours: Sequence[str], floor: Sequence[str], repeats: int) -> dict[str, float]:
    best = {"ours": float("inf"), "floor": float("inf"), "ours_kib": 0.0, "floor_kib": 0.0}
    for _ in range(repeats):
        for key, argv in (("ours", ours), ("floor", floor)):
            seconds, kib = run(argv)
            best[key] = min(best[key], seconds)
            best[f"{key}_kib"] = max(best[f"{key}_kib"], kib)
    return best


def row(case: str, ours: float, floor: float, target: float, unit: str = "s") -> None:
    ratio = ours / floor
    verdict = "ok" if ratio <= target else "over"
    print(
        f"{case:<44} {ours:>9.3f}{unit} {floor:>9.3f}{unit} {ratio:>6.2f}  <= {target:<5} {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="leadcheck benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    work = Path(tempfile.mkdtemp(prefix="leadcheck-bench-"))
    try:
        _bench(work, repeats, args.quick)
    finally:
        shutil.rmtree(work)


def _bench(work: Path, repeats: int, quick: bool) -> None:
    print(
        f"leadcheck benchmarks, {dt.date.today()}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores; best of {repeats}"
    )
    print(f"{'case':<44} {'leadcheck':>10} {'floor':>10} {'ratio':>6}  target")

    ready = str(ROOT / "examples" / "ready.yaml")
    imports = [PY, "-c", "import typer, yaml, pydantic"]
    cold = [*LEADCHECK, "audit", ready, "-f", "json", "-o", str(work / "ready.json")]
    r = compare(cold, imports, repeats)
    row("cold audit of examples/ready.yaml -f json", r["ours"], r["floor"], 1.25)

    big = work / "big.yaml"
    big.write_text(plan(20_000, partners=2_000, work_streams=5_000))
    size = big.stat().st_size / 1e6
    load = [PY, "-c", f"import yaml; yaml.load(open({str(big)!r}), Loader=yaml.CSafeLoader)"]
    out = str(work / "big.json")
    r = compare(
        [*LEADCHECK, "audit", str(big), "-f", "json", "-o", out], load, max(2, repeats // 2)
    )
    row(f"audit -f json, {size:.1f} MB plan (20k people)", r["ours"], r["floor"], 1.3)
    row("  peak memory (MiB)", r["ours_kib"] / 1024, r["floor_kib"] / 1024, 2.0, "M")

    folder = work / "plans"
    folder.mkdir()
    small = plan(12, partners=3, work_streams=3)
    for i in range(500):
        (folder / f"plan{i:03d}.yaml").write_text(small)
    loop = (
        "import yaml, pathlib\n"
        f"for p in sorted(pathlib.Path({str(folder)!r}).glob('*.yaml')):\n"
        "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)"
    )
    r = compare(
        [*LEADCHECK, "audit", str(folder), "-f", "json", "-o", out],
        [PY, "-c", loop],
        max(2, repeats // 2),
    )
    row("audit of a folder of 500 small plans", r["ours"], r["floor"], 1.5)

    _scaling(work, (1_000, 5_000, 20_000) if quick else (1_000, 5_000, 20_000, 100_000))


def _scaling(work: Path, sizes: Sequence[int]) -> None:
    """Time per person, in one process (so start-up is not counted).

    The cycle collector is off, as in the CLI: with it on, its full collections
    make even the floor's own load per person slower as the heap grows.
    """
    import gc

    from leadcheck.engine import check_file

    gc.disable()
    print("\nscaling: load + validate + every rule, in process")
    print(f"{'people':>8} {'seconds':>9} {'us/person':>10} {'vs 1,000':>9}")
    first = None
    for people in sizes:
        path = work / f"scale{people}.yaml"
        path.write_text(plan(people))
        gc.collect()
        repeats = max(2, 20_000 // people)  # small plans: enough runs for a stable best
        best = min(_timed(check_file, str(path)) for _ in range(repeats))
        per = best / people * 1e6
        first = first or per
        print(f"{people:>8,} {best:>9.3f} {per:>10.1f} {per / first:>8.2f}x")
    print("target: flat within 25% (1.25x) from 1,000 people up")


def _timed(fn: object, arg: str) -> float:
    assert callable(fn)
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
