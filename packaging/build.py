"""Build FlowDeck's bundle with PyInstaller, smoke-test the frozen program, archive it.

    python packaging/build.py [--futu] [--no-smoke] [--dist DIR]

Run it with a Python that has FlowDeck's dependencies and PyInstaller (`pip install -e
'.[build]'`; `.[dev]` includes it). Writes dist/flowdeck/ (the GUI executable
`flowdeck`; on Windows also `flowdeck-cli.exe`) and dist/flowdeck-<version>-<os>-<arch>
.tar.gz (.zip on Windows), then prints one JSON line of figures. Exit codes: 0 built and
smoke-tested, 1 the build or a smoke test failed, 2 PyInstaller is missing.

Smoke tests, on the frozen program with a clean FLOWDECK_HOME and HOME: `--self-test`
(the window offscreen on the simulator), `fetch --json` on the simulator, the gateway
started from the bundle and `fetch --source gateway://` against it, and with --futu
`fetch --source futu://` against tests/support/fake_opend/. Any of them failing, or stderr
showing a Qt plugin or library error or a traceback, fails the build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
SIZE_GOAL_MB = 150  # the Linux bundle, unpacked, without the Futu option

from smoke import SmokeFailure, run_smoke_tests  # noqa: E402


def version() -> str:
    sys.path.insert(0, str(ROOT / "gui"))
    import flowdeck

    return flowdeck.__version__


def platform_tag() -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform,
                                                                         sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("aarch64",
                                                                            "arm64")
    return f"{system}-{machine}"


def run_pyinstaller(dist: Path, work: Path, futu: bool) -> None:
    env = dict(os.environ, FLOWDECK_BUILD_FUTU="1" if futu else "0")
    cmd = [sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "flowdeck.spec"),
           "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def finish_linux(bundle: Path) -> None:
    """What a Linux bundle carries beside the executable: the gateway's name, the
    desktop entry with its icon, and the script that installs both for the user."""
    gateway = bundle / "flowdeck-gateway"
    if gateway.is_symlink() or gateway.exists():
        gateway.unlink()
    gateway.symlink_to("flowdeck")
    shutil.copy2(ROOT / "packaging" / "linux" / "flowdeck.desktop", bundle)
    shutil.copy2(ROOT / "resources" / "icons" / "flowdeck.png", bundle)
    script = bundle / "install-desktop-entry.sh"
    shutil.copy2(ROOT / "packaging" / "linux" / "install-desktop-entry.sh", script)
    script.chmod(0o755)


def tree_bytes(path: Path) -> int:
    """Bytes of the files under `path` as unpacked (symlinks count as links)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir() or p.is_symlink())


def archive(bundle: Path, out_stem: Path) -> Path:
    if sys.platform == "win32":
        out = out_stem.with_name(out_stem.name + ".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(bundle.rglob("*")):
                zf.write(p, Path(bundle.name) / p.relative_to(bundle))
        return out
    out = out_stem.with_name(out_stem.name + ".tar.gz")
    with tarfile.open(out, "w:gz") as tf:
        tf.add(bundle, arcname=bundle.name)  # keeps the gateway symlink a symlink
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--futu", action="store_true",
                        help="include the futu:// source (futu-api, pandas, protobuf)")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke tests")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("build: PyInstaller is missing; pip install -e '.[build]'", file=sys.stderr)
        return 2
    dist: Path = args.dist.resolve()
    started = time.monotonic()
    try:
        run_pyinstaller(dist, ROOT / "build" / "pyinstaller", args.futu)
    except subprocess.CalledProcessError as exc:
        print(f"build: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    bundle = dist / "flowdeck"
    if sys.platform == "linux":
        finish_linux(bundle)
    built_s = time.monotonic() - started
    figures: dict[str, object] = {
        "version": version(), "futu": args.futu, "build_s": round(built_s, 1),
        "bundle_mb": round(tree_bytes(bundle) / 1e6, 1),
        "bundle_mib": round(tree_bytes(bundle) / 2**20, 1),
    }
    if sys.platform == "linux" and not args.futu and figures["bundle_mb"] > SIZE_GOAL_MB:
        print(f"build: warning: the bundle is {figures['bundle_mb']} MB, over the "
              f"{SIZE_GOAL_MB} MB goal", file=sys.stderr)
    if not args.no_smoke:
        try:
            figures["smoke"] = run_smoke_tests(bundle, futu=args.futu, root=ROOT)
        except SmokeFailure as exc:
            print(f"build: smoke test failed: {exc}", file=sys.stderr)
            return 1
    flavour = "flowdeck-futu" if args.futu else "flowdeck"
    out = archive(bundle, dist / f"{flavour}-{figures['version']}-{platform_tag()}")
    figures["archive"] = str(out)
    figures["archive_mb"] = round(out.stat().st_size / 1e6, 1)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
