"""Install the built ``.deb`` on this machine, use it as a user would, and remove it again.

    python installers/build.py --skip-freeze --deb --deb-install-check     (as root: CI)

1. ``dpkg -i`` the package; ``/usr/bin/dengbao`` and ``/usr/bin/dengbao-cli`` must be there;
2. the installed ``dengbao --self-test`` must pass;
3. in a throwaway home folder with no keyring (so the passphrase is the way in, as on a fresh Kylin/UOS
   desktop): ``dengbao-cli --passphrase-stdin demo`` creates the demonstration ledger in the user's data
   folder; ``list orgs`` opens it with the passphrase; without it, and with a wrong one, it is refused
   with exit code 1 and the ledger file is byte-identical; ``check`` passes;
4. ``dpkg -r``: every file of the package is gone, the ledger and its passphrase file stay.

Any failure raises SystemExit with what went wrong; the package is removed in any case.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from deb import APP_ID, PACKAGE

PASSPHRASE = "信创桌面安装检查口令"


def say(text: str) -> None:
    print(f"[deb-check] {text}", flush=True)


def _run(cmd: list[str], env: dict[str, str], stdin: str = "", timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, input=stdin, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _expect(result: subprocess.CompletedProcess[str], code: int, what: str, *, contains: str = "") -> None:
    shown = (result.stdout + result.stderr).strip()
    if result.returncode != code or (contains and contains not in shown):
        raise SystemExit(f"{what}: exit {result.returncode} (expected {code}{', “' + contains + '”' if contains else ''})\n{shown}")
    say(f"{what}: OK (exit {code})")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _user_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DENGBAO_", "PYTHON", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CONFIG_HOME=str(home / ".config"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONIOENCODING="utf-8",
        # no Secret Service on the check machine: keyring must find none (as on a fresh desktop)
        DBUS_SESSION_BUS_ADDRESS="disabled:",
        PATH="/usr/bin:/bin",
    )
    return env


def install_check(deb: Path) -> None:
    if os.geteuid() != 0:
        raise SystemExit("the install check runs dpkg -i: run it as root (CI) or skip --deb-install-check")
    say(f"dpkg -i {deb.name}")
    subprocess.run(["dpkg", "-i", str(deb)], check=True, stdout=subprocess.DEVNULL)
    home = Path(tempfile.mkdtemp(prefix="dengbao-deb-home-"))
    ledger = home / ".local" / "share" / "DengbaoLedger" / "ledger.db"
    try:
        for name in ("dengbao", "dengbao-cli"):
            if shutil.which(name, path="/usr/bin") is None:
                raise SystemExit(f"/usr/bin/{name} missing after dpkg -i")
        env = _user_env(home)
        _expect(_run(["dengbao", "--self-test"], env), 0, "installed dengbao --self-test")
        cli = ["dengbao-cli"]
        _expect(_run([*cli, "--passphrase-stdin", "demo"], env, PASSPHRASE + "\n"), 0, "dengbao-cli demo with a passphrase")
        if not ledger.is_file() or not ledger.with_name(ledger.name + ".passphrase.json").is_file():
            raise SystemExit(f"the demo ledger or its passphrase file is not in the user's folder: {ledger}")
        _expect(_run([*cli, "--passphrase-stdin", "list", "orgs"], env, PASSPHRASE + "\n"), 0, "list orgs with the passphrase")
        before = _sha256(ledger)
        _expect(_run([*cli, "list", "orgs"], env), 1, "list orgs without the passphrase", contains="口令")
        _expect(
            _run([*cli, "--passphrase-stdin", "list", "orgs"], env, "不是这个口令啊\n"), 1, "a wrong passphrase",
            contains="口令不正确",
        )
        if _sha256(ledger) != before:
            raise SystemExit("the ledger changed after refused attempts")
        _expect(_run([*cli, "--passphrase-stdin", "check"], env, PASSPHRASE + "\n"), 0, "check")
    finally:
        say(f"dpkg -r {PACKAGE}")
        subprocess.run(["dpkg", "-r", PACKAGE], check=True, stdout=subprocess.DEVNULL)
    left = [p for p in (Path("/opt/apps") / APP_ID, Path("/usr/bin/dengbao"), Path("/usr/bin/dengbao-cli")) if p.exists() or p.is_symlink()]
    if left:
        raise SystemExit(f"dpkg -r left files behind: {', '.join(map(str, left))}")
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True, check=False)
    if "installed" in status.stdout and "not-installed" not in status.stdout:
        raise SystemExit(f"{PACKAGE} still listed after dpkg -r: {status.stdout}")
    if not ledger.is_file():
        raise SystemExit("dpkg -r removed the user's ledger")
    say(f"removed cleanly; the ledger stays in the user's folder ({ledger.relative_to(home)})")
    shutil.rmtree(home, ignore_errors=True)
