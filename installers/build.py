"""Build the frozen 等保台账 and, on Windows with Inno Setup, its installer.

    python installers/build.py [--skip-freeze] [--skip-installer] [--iscc PATH] [--deb [--deb-install-check]]

Steps (each prints what it did or why it was skipped):

1. PyInstaller from ``installers/dengbao.spec`` → ``installers/dist/dengbao/``;
2. smoke tests of the frozen program: ``dengbao-cli --help`` and ``dengbao --self-test``
   (``QT_QPA_PLATFORM=offscreen`` on Linux); any failure fails the build;
3. on Windows, if ``ISCC.exe`` is found, ``installers/dengbao.iss`` →
   ``installers/dist/DengbaoLedger-<version>-setup.exe``;
4. with ``--deb`` (Linux), the UOS-layout package ``installers/dist/cn.dengbao.ledger_<version>_<arch>.deb``
   (:mod:`deb`), and with ``--deb-install-check`` (root) install it, use it and remove it (:mod:`deb_check`).

Exit status 0 when every step that ran passed. Needs ``pip install '.[build]'`` (add ``server`` for
the PostgreSQL driver).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import version_info  # noqa: E402

SPEC = HERE / "dengbao.spec"
ISS = HERE / "dengbao.iss"
DIST = HERE / "dist"
WORK = HERE / "build"
APP_DIR = DIST / "dengbao"
WINDOWS = sys.platform.startswith("win")
EXE = ".exe" if WINDOWS else ""


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def freeze() -> None:
    if shutil.which("pyinstaller") is None and not _has_module("PyInstaller"):
        raise SystemExit("PyInstaller is not installed: pip install '.[build]'")
    started = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    say("freezing: " + " ".join(cmd[2:]))
    subprocess.run(cmd, check=True, cwd=ROOT)
    files = sum(1 for p in APP_DIR.rglob("*") if p.is_file())
    say(
        f"frozen program in {APP_DIR.relative_to(ROOT)}: {files} files, "
        f"{folder_size(APP_DIR) / 2**20:.0f} MiB, {time.perf_counter() - started:.0f} s"
    )


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def smoke_test() -> None:
    env = dict(os.environ)
    # the frozen program must not see the build machine's ledger or key
    for name in ("DENGBAO_KEY", "DENGBAO_DB_URL", "DENGBAO_PORTABLE_DIR", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    if sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONIOENCODING"] = "utf-8"
    cli = APP_DIR / f"dengbao-cli{EXE}"
    gui = APP_DIR / f"dengbao{EXE}"
    for exe in (cli, gui):
        if not exe.is_file():
            raise SystemExit(f"missing {exe}")

    say(f"running {cli.name} --help")
    result = subprocess.run([str(cli), "--help"], env=env, capture_output=True, timeout=120, cwd=DIST)
    out = result.stdout.decode("utf-8", "replace")
    if result.returncode != 0 or "init" not in out:
        print(out, result.stderr.decode("utf-8", "replace"), sep="\n")
        raise SystemExit(f"{cli.name} --help failed (exit {result.returncode})")
    say(f"{cli.name} --help: OK ({len(out.splitlines())} lines)")

    log = WORK / "selftest.txt"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    say(f"running {gui.name} --self-test")
    started = time.perf_counter()
    result = subprocess.run(
        [str(gui), "--self-test", "--self-test-log", str(log)],
        env=env,
        capture_output=True,
        timeout=600,
        cwd=DIST,
    )
    out = result.stdout.decode("utf-8", "replace").strip()
    if not out and log.exists():  # a windowed .exe may have no stdout
        out = log.read_text(encoding="utf-8").strip()
    print(out)
    err = result.stderr.decode("utf-8", "replace").strip()
    if err:
        print("--- stderr ---\n" + err)
    if result.returncode != 0:
        raise SystemExit(f"frozen self-test failed (exit {result.returncode})")
    say(f"frozen self-test passed in {time.perf_counter() - started:.0f} s")


def find_iscc(explicit: str | None) -> Path | None:
    candidates = [explicit] if explicit else []
    candidates += [shutil.which("ISCC"), shutil.which("iscc")]
    for base in (
        os.environ.get("PROGRAMFILES(X86)"),
        os.environ.get("PROGRAMFILES"),
        os.environ.get("LOCALAPPDATA"),
    ):
        if base:
            candidates.append(str(Path(base) / "Inno Setup 6" / "ISCC.exe"))
            candidates.append(str(Path(base) / "Programs" / "Inno Setup 6" / "ISCC.exe"))
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


def installer(version: str, iscc: Path) -> Path:
    numeric = ".".join(str(n) for n in version_info.numeric_version(version))
    cmd = [
        str(iscc),
        "/Qp",
        f"/DAppVersion={version}",
        f"/DAppVersionNumeric={numeric}",
        f"/DSourceDir={APP_DIR}",
        f"/DOutputDir={DIST}",
        f"/DRepoDir={ROOT}",
        str(ISS),
    ]
    say("compiling installer: " + " ".join(cmd[1:]))
    subprocess.run(cmd, check=True, cwd=HERE)
    setup = DIST / f"DengbaoLedger-{version}-setup.exe"
    if not setup.is_file():
        raise SystemExit(f"ISCC finished but {setup} is missing")
    say(f"installer: {setup.relative_to(ROOT)} ({setup.stat().st_size / 2**20:.0f} MiB)")
    return setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-freeze", action="store_true", help="reuse installers/dist/dengbao")
    parser.add_argument("--skip-installer", action="store_true", help="do not run Inno Setup")
    parser.add_argument("--iscc", help="path to ISCC.exe (default: PATH, then Program Files)")
    parser.add_argument("--deb", action="store_true", help="also build the .deb for Kylin/UOS (Linux)")
    parser.add_argument(
        "--deb-install-check", action="store_true",
        help="dpkg -i the .deb, run its self-test and command line, dpkg -r it (root; implies --deb)",
    )
    parser.add_argument(
        "--deb-compression", choices=["xz", "gzip", "none"], default="xz",
        help="xz: smallest (release); gzip: faster to build (CI)",
    )
    args = parser.parse_args(argv)
    args.deb = args.deb or args.deb_install_check

    started = time.perf_counter()
    version = version_info.read_version()
    say(f"等保台账 {version}, Python {sys.version.split()[0]} on {sys.platform}")
    if args.skip_freeze:
        say("freeze skipped (--skip-freeze): testing the existing folder")
    else:
        freeze()
    smoke_test()
    if args.skip_installer:
        say("installer skipped (--skip-installer)")
    elif not WINDOWS:
        say(
            "installer skipped: Inno Setup runs on Windows only (the frozen folder above is the Linux result)"
        )
    else:
        iscc = find_iscc(args.iscc)
        if iscc is None:
            say("installer skipped: ISCC.exe not found (choco install innosetup, or pass --iscc)")
        else:
            installer(version, iscc)
    if args.deb:
        if WINDOWS:
            raise SystemExit("--deb builds on Linux only")
        import deb  # noqa: PLC0415

        package = deb.build_deb(
            APP_DIR, version, DIST, ROOT / "resources" / "icons", WORK, compression=args.deb_compression
        )
        if args.deb_install_check:
            import deb_check  # noqa: PLC0415

            deb_check.install_check(package)
    say(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
