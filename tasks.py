"""Developer tasks that need nothing but Python 3.11+.

    python3 tasks.py demo    # audit the bundled example plan
    python3 tasks.py test    # ruff, mypy, the whole test suite, and the suite again
                             # with the lowest allowed dependency versions
    python3 tasks.py test-lowest  # only the lowest-versions run
    python3 tasks.py docs    # regenerate docs/rules.md, the JSON Schemas and the report
                             # screenshot
    python3 tasks.py bench   # the speed benchmarks (see bench/README.md)

Each task creates `.venv` and installs the project into it on first use (and
again whenever pyproject.toml changes), so a fresh clone needs no set-up. The
test task also keeps `.venv-lowest`, with each runtime dependency pinned to the
lower bound pyproject.toml declares, so those bounds are proven, not guessed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
LOWEST = ROOT / ".venv-lowest"
LOWEST_BIN = LOWEST / ("Scripts" if os.name == "nt" else "bin")


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


def _run(*args: str, bin_dir: Path = BIN) -> int:
    tool, *rest = args
    return subprocess.run([str(bin_dir / tool), *rest], cwd=ROOT).returncode


def lowest_pins() -> list[str]:
    """`name==version` for each runtime dependency, at its declared lower bound."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = []
    for dep in pyproject["project"]["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9._-]+)>=([0-9][0-9A-Za-z.]*)", dep.replace(" ", ""))
        if match is None:
            raise SystemExit(f"pyproject.toml: dependency {dep!r} needs a plain >= lower bound")
        pins.append(f"{match[1]}=={match[2]}")
    return pins


def _lowest_venv(pins: list[str]) -> None:
    """.venv-lowest: the test extra, with every runtime dependency at its lower bound."""
    stamp = LOWEST / ".installed"
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + sys.version.encode()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not (LOWEST_BIN / "python").exists() and not (LOWEST_BIN / "python.exe").exists():
        print("creating .venv-lowest ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LOWEST)], check=True)
    print("installing the lowest allowed dependency versions into .venv-lowest ...", flush=True)
    constraints = LOWEST / "constraints.txt"
    constraints.write_text("".join(pin + "\n" for pin in pins), encoding="utf-8")
    pip = [str(LOWEST_BIN / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(constraints), "-e", f"{ROOT}[test]"], check=True)
    stamp.write_text(wanted)


_CHECK_PINS = """
import sys
from importlib.metadata import version

def norm(v):
    parts = [int(p) for p in v.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return parts

wrong = []
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    if norm(version(name)) != norm(want):
        wrong.append(f"{name} {version(name)} (wanted {want})")
print("lowest versions installed:", " ".join(sys.argv[1:]))
sys.exit("not the lower bounds: " + ", ".join(wrong) if wrong else 0)
"""


def test_lowest(args: list[str]) -> int:
    """The test suite on the lowest dependency versions pyproject.toml allows.

    Tests marked `tools` need the dev tools, which only the main .venv has.
    """
    pins = lowest_pins()
    _lowest_venv(pins)
    code = _run("python", "-c", _CHECK_PINS, *pins, bin_dir=LOWEST_BIN)
    if code:
        return code
    return _run(
        "python",
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-m",
        "not tools",
        *args,
        bin_dir=LOWEST_BIN,
    )


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
    print("$ pytest with the lowest allowed dependency versions (.venv-lowest)", flush=True)
    return test_lowest(args)


def docs(args: list[str]) -> int:
    """Regenerate docs/rules.md, the plan's and the config file's JSON Schemas (the
    config schema lists the rule ids), and the report screenshot."""
    made = {
        "rules.md": ("rules", "--format", "markdown"),
        "plan.schema.json": ("schema",),
        "config.schema.json": ("schema", "--config"),
    }
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


TASKS = {"demo": demo, "test": test, "test-lowest": test_lowest, "docs": docs, "bench": bench}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    _venv()
    return TASKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
