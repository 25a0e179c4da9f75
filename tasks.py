"""Developer tasks that need nothing but Python 3.11+.

    python3 tasks.py demo    # audit the bundled example plan
    python3 tasks.py test    # ruff, mypy and the whole test suite
    python3 tasks.py docs    # regenerate docs/rules.md and the report screenshot
    python3 tasks.py bench   # the speed benchmarks (see bench/README.md)

Each task creates `.venv` and installs the project into it on first use (and
again whenever pyproject.toml changes), so a fresh clone needs no set-up.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def _venv() -> None:
    if os.environ.get("LEADCHECK_NO_INSTALL"):  # a temporary copy borrowing this .venv
        return
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("creating .venv ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("installing leadcheck and its test tools into .venv ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def _run(*args: str) -> int:
    tool, *rest = args
    return subprocess.run([str(BIN / tool), *rest], cwd=ROOT).returncode


def demo(args: list[str]) -> int:
    code = _run("leadcheck", "audit", "examples/gaps.yaml", *args)
    if code == 1:
        print("\n(exit code 1: the plan has gaps; examples/ready.yaml shows a ready plan)")
        return 0
    return code


def test(args: list[str]) -> int:
    steps = [
        ("ruff", "check", "leadcheck", "tests", "bench", "docs", "tasks.py"),
        ("ruff", "format", "--check", "leadcheck", "tests", "bench", "docs", "tasks.py"),
        ("mypy",),
        ("pytest", "--cov", "--cov-report=", *args),
        ("coverage", "report", "--fail-under=95"),
        ("coverage", "report", "--include=leadcheck/rules/*", "--fail-under=98"),
    ]
    if not os.environ.get("LEADCHECK_QUICK"):  # checks that run the suite again
        steps.append(("python", "tests/check_contributing.py"))
    for step in steps:
        print(f"$ {' '.join(step)}", flush=True)
        code = _run(*step)
        if code:
            return code
    return 0


def docs(args: list[str]) -> int:
    """Regenerate docs/rules.md, docs/plan.schema.json and the report screenshot."""
    made = {"rules.md": ("rules", "--format", "markdown"), "plan.schema.json": ("schema",)}
    for name, command in made.items():
        with open(ROOT / "docs" / name, "w", encoding="utf-8") as fh:
            code = subprocess.run(
                [str(BIN / "leadcheck"), *command], cwd=ROOT, stdout=fh
            ).returncode
        if code:
            return code
    return _run("python", "docs/make_screenshots.py", *args)


def bench(args: list[str]) -> int:
    return _run("python", "bench/run.py", *args)


TASKS = {"demo": demo, "test": test, "docs": docs, "bench": bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    _venv()
    return TASKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
