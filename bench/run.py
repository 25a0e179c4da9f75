"""Speed and memory of leadcheck, each as a ratio to a floor measured in the same run.

    python3 tasks.py bench            # every case
    python3 tasks.py bench --quick    # fewer repeats and smaller scaling sizes

Each case runs leadcheck and its floor alternately, several times, as whole
processes with bytecode cached (as in a user's install), and compares the
medians of their CPU time (user + system: steadier than wall time on a busy
machine). Memory is the peak resident set size. Targets are those of the
design and its issues; the script reports, it does not fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import plan

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LEADCHECK = [PY, "-m", "leadcheck"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


def run(argv: Sequence[str]) -> tuple[float, int]:
    """CPU seconds (user + system) and peak RSS (KiB) of one child process."""
    pid = os.posix_spawn(argv[0], list(argv), ENV)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def compare(
    ours: Sequence[str], floor: Sequence[str], repeats: int, warm: bool = True
) -> dict[str, float]:
    """Medians of alternating runs; peak memory is the largest seen."""
    if warm:  # warm the caches (and write bytecode) first
        run(ours), run(floor)
    times: dict[str, list[float]] = {"ours": [], "floor": []}
    peak = {"ours": 0, "floor": 0}
    for _ in range(repeats):
        for key, argv in (("ours", ours), ("floor", floor)):
            seconds, kib = run(argv)
            times[key].append(seconds)
            peak[key] = max(peak[key], kib)
    return {
        "ours": statistics.median(times["ours"]),
        "floor": statistics.median(times["floor"]),
        "ours_mib": peak["ours"] / 1024,
        "floor_mib": peak["floor"] / 1024,
    }


def row(case: str, ours: float, floor: float, target: float | None, unit: str = "s") -> None:
    ratio = ours / floor
    judged = "" if target is None else f"<= {target:<5} {'ok' if ratio <= target else 'OVER'}"
    print(f"{case:<52} {ours:>9.3f}{unit} {floor:>9.3f}{unit} {ratio:>6.2f}  {judged}")


def main() -> None:
    parser = argparse.ArgumentParser(description="leadcheck benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="leadcheck-bench-"))
    try:
        _bench(work, 3 if args.quick else 9, args.quick)
    finally:
        shutil.rmtree(work)


def _load(path: Path) -> list[str]:
    return [PY, "-c", f"import yaml; yaml.load(open({str(path)!r}, 'rb'), Loader=yaml.CSafeLoader)"]


def _bench(work: Path, repeats: int, quick: bool) -> None:
    print(
        f"leadcheck benchmarks, {dt.date.today()}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores; CPU-time medians of {repeats} alternating runs "
        f"({max(2, repeats // 3)} for the 2.9 MB plan"
        f"{'' if quick else ', 5 for the 100,000-partner one'})"
    )
    print(f"{'case':<52} {'leadcheck':>10} {'floor':>10} {'ratio':>6}  target")
    out = str(work / "out")
    ready = str(ROOT / "examples" / "ready.yaml")
    imports = [PY, "-c", "import typer, yaml"]
    r = compare([*LEADCHECK, "audit", ready, "-f", "json", "-o", out], imports, repeats)
    row("cold audit examples/ready.yaml -f json", r["ours"], r["floor"], 1.15)
    r = compare([*LEADCHECK, "audit", ready, "-f", "text", "-o", out], imports, repeats)
    row("cold audit examples/ready.yaml (text)", r["ours"], r["floor"], 1.6)

    # The folder: the bundled example plans (18 KB, 0.5 KB and 20 KB, as a
    # partnership writes them), copied in turn, 500 files in all.
    examples = [ROOT / "examples" / f"{name}.yaml" for name in ("gaps", "minimal", "ready")]
    # Each of the folder's runs takes seconds, and one run varies by up to 10%: the
    # medians of nine alternating runs, as for starting.
    r = _folder(work / "plans", [p.read_text(encoding="utf-8") for p in examples], out, repeats)
    row("a folder of 500 small plans (the examples), json", r["ours"], r["floor"], 1.3)
    # Harder, reported without a target: 3 KB synthetic plans of 60 findings each,
    # where the floor's parse is cheap and leadcheck's work per finding is not.
    r = _folder(work / "synthetic", [plan(12, partners=3, work_streams=3)], out, repeats)
    row("  500 synthetic 3 KB plans (no target)", r["ours"], r["floor"], None)

    big = work / "big.yaml"
    big.write_text(plan(20_000, partners=2_000, work_streams=5_000))
    size = big.stat().st_size / 1e6
    few = max(2, repeats // 3)
    r = compare([*LEADCHECK, "audit", str(big), "-f", "json", "-o", out], _load(big), few)
    row(f"{size:.1f} MB plan (2,000 partners), json", r["ours"], r["floor"], 0.8)
    row("  peak memory (MiB)", r["ours_mib"], r["floor_mib"], 1.5, "M")

    if not quick:
        huge = work / "huge.yaml"
        huge.write_text(_scaled(100_000))
        size = huge.stat().st_size / 1e6
        json_run = [*LEADCHECK, "audit", str(huge), "-f", "json", "-o", out]
        # Five alternating runs of each (one varies by up to 10% on a shared machine),
        # not warmed: every module is cached by now, and the plan was just written.
        r = compare(json_run, _load(huge), 5, warm=False)
        row(f"{size:.1f} MB plan (100,000 partners), json", r["ours"], r["floor"], 1.3)
        row("  peak memory (MiB)", r["ours_mib"], r["floor_mib"], 1.5, "M")
        text_run = [*LEADCHECK, "audit", str(huge), "-f", "text", "-o", out]
        t = compare(text_run, json_run, 5, warm=False)
        row("  the same, text (floor: the json run)", t["ours"], t["floor"], 1.5)

    _scaling(work, (1_000, 10_000) if quick else (1_000, 10_000, 100_000))


def _folder(folder: Path, texts: Sequence[str], out: str, repeats: int) -> dict[str, float]:
    """leadcheck against a loop loading each plan with CSafeLoader, on 500 plans
    written from `texts` in turn."""
    folder.mkdir()
    for i in range(500):
        (folder / f"plan{i:03d}.yaml").write_text(texts[i % len(texts)], encoding="utf-8")
    loop = (
        "import yaml, pathlib\n"
        f"for p in sorted(pathlib.Path({str(folder)!r}).glob('*.yaml')):\n"
        "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)"
    )
    return compare(
        [*LEADCHECK, "audit", str(folder), "-f", "json", "-o", out], [PY, "-c", loop], repeats
    )


def _scaled(partners: int) -> str:
    """A plan with lean partners: one person each, a work stream per twenty."""
    return plan(partners, partners=partners, work_streams=partners // 20, lean=True)


def _scaling(work: Path, sizes: Sequence[int]) -> None:
    """CPU time per partner of whole runs, json and text: flat means no quadratic step."""
    print("\nscaling: whole runs, CPU seconds per 1,000 partners (lean plans, as above)")
    print(f"{'partners':>9} {'json':>8} {'vs first':>9} {'text':>8} {'vs first':>9}")
    first: dict[str, float] = {}
    for partners in sizes:
        path = work / f"scale{partners}.yaml"
        path.write_text(_scaled(partners))
        cells = []
        for fmt in ("json", "text"):
            seconds, _ = run([*LEADCHECK, "audit", str(path), "-f", fmt, "-o", str(work / "o")])
            per = seconds / partners * 1000
            first.setdefault(fmt, per)
            cells.append(f"{per:>8.3f} {per / first[fmt]:>8.2f}x")
        print(f"{partners:>9,} {' '.join(cells)}")
    print("target: flat within 1.25x from 1,000 partners up")


if __name__ == "__main__":
    main()
