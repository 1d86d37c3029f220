"""SIGKILL ``dengbao-cli --db L rekey`` anywhere: the ledger always opens, with the old key or the new one.

Each run is a real process on a copy of an encrypted ledger of about 8 MB, in one of two settings:

- ``keyring``: the key in a credential store shared with the child (tests/support/file_keyring.py);
  after the kill the ledger is opened with no key given, as the program starts: the keyring's current
  entry, else the pending key the rekey kept there first (then promoted);
- ``env``: no credential store at all, the key in ``DENGBAO_KEY``; afterwards the keys a user has are
  the old one and whatever new recovery key the command printed before it was killed. Both orders are
  tried, on two copies of the killed state (old key first, and new key first: a half-done re-encryption
  must roll back whichever key opens it first).

Where the kill lands is decided by counted progress, not by the clock: the command prints a marker at
each of its steps (``DENGBAO_REKEY_TEST_HOOK``, see db.store.rekey.STEPS); a step kill makes it wait at
step k and kills it there. Random-delay kills start from the marker just before the re-encryption (or
from the start) and land wherever they land; what happened is read from the files afterwards (a hot
journal means the kill cut the re-encryption). The assertions never depend on timing: every killed
ledger must open and hold all its data. Set DENGBAO_KILL_SEED to replay the random delays.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest
from file_keyring import ENV_FILE, FileKeyring

from db.domain.errors import LedgerError
from db.models import Attachment, Organization
from db.store import keys
from db.store.rekey import HOOK_ENV, STEPS
from db.store.storage import open_ledger

ROOT = Path(__file__).resolve().parents[2]
MODES = ("keyring", "env")
#: random-delay kills per setting: during the re-encryption, and from the command's start
SWITCH_KILLS = 8
START_KILLS = 3
ATTACHMENT_MB = 8
#: only a hung process takes this long to reach its next step, however loaded the machine is
STEP_TIMEOUT_S = 300
RECOVERY_KEY = re.compile(r"^[A-Z2-7]{4}(?:-[A-Z2-7]{4}){13}$")
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL (POSIX only)")


@dataclass
class Template:
    path: Path
    key: bytes
    names: set[str]
    attachments: int
    attachment_bytes: int


@dataclass
class Outcome:
    mode: str
    plan: str
    #: the key that opened the ledger afterwards: "old" / "new" / "" (unopenable)
    opened_with: str = ""
    #: "journal" when the kill cut the re-encryption (a hot journal was left)
    cut: bool = False
    promoted: bool = False
    #: the ``<ledger>.rekey`` marker was there after the kill
    marker: bool = False
    problems: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    from desktop.services import attachments

    folder = tmp_path_factory.mktemp("rekey-template")
    key = keys.new_key()
    path = folder / "L.db"
    led = open_ledger(path, key=key)
    names = {f"单位{i:03d}" for i in range(60)}
    with led.session() as s:
        s.add_all(Organization(name=n) for n in sorted(names))
    with led.session(write=False) as s:
        org_id = s.query(Organization.id).order_by(Organization.id).first()[0]
    rng = random.Random(7)
    for i in range(ATTACHMENT_MB):
        blob = folder / f"scan{i}.bin"
        blob.write_bytes(rng.randbytes(1024 * 1024))  # incompressible: every page is re-encrypted
        attachments.add_file(led, "organizations", org_id, blob, max_mb=10)
        blob.unlink()
    led.close()
    for side in ("-wal", "-shm"):
        assert not path.with_name(path.name + side).exists()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return Template(path, key, names, ATTACHMENT_MB, ATTACHMENT_MB * 1024 * 1024)


def _env(work: Path, mode: str, key: bytes, hook: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DENGBAO_", "PYTHON_KEYRING"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests" / "support")])
    env["XDG_DATA_HOME"] = str(work / "xdg-data")
    env["XDG_STATE_HOME"] = str(work / "xdg-state")
    env["DENGBAO_PORTABLE_DIR"] = str(work / "profile")
    env[HOOK_ENV] = hook
    if mode == "keyring":
        env["PYTHON_KEYRING_BACKEND"] = "file_keyring.FileKeyring"
        env[ENV_FILE] = str(work / "keyring.json")
    else:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        env["DENGBAO_KEY"] = key.hex()
    return env


def _prepare(template: Template, work: Path, mode: str) -> Path:
    work.mkdir(parents=True)
    ledger = work / "L.db"
    shutil.copyfile(template.path, ledger)
    if mode == "keyring":
        FileKeyring(work / "keyring.json").set_password(keys.SERVICE, keys.account_for(ledger), template.key.hex())
    return ledger


class Run:
    """One ``rekey`` process; ``wait_step`` reads its step markers from stderr."""

    def __init__(self, work: Path, ledger: Path, env: dict[str, str]) -> None:
        self.stdout = work / "stdout.txt"
        self.started = time.monotonic()
        with self.stdout.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "desktop.cli", "--db", str(ledger), "rekey"],
                cwd=work, env=env, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            )
        self.stderr: list[str] = []
        self.reached: dict[str, float] = {}

    def wait_step(self, name: str) -> None:
        assert self.proc.stderr is not None
        while name not in self.reached:
            line = self.proc.stderr.readline()
            if not line:
                self.proc.wait(STEP_TIMEOUT_S)
                raise AssertionError(f"rekey ended before step {name}: {''.join(self.stderr)}")
            self.stderr.append(line)
            if line.startswith("rekey-step "):
                self.reached[line.split()[2]] = time.monotonic()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self) -> int:
        assert self.proc.stderr is not None
        rest = self.proc.stderr.read()
        self.stderr.append(rest)
        for line in rest.splitlines():
            if line.startswith("rekey-step "):
                self.reached.setdefault(line.split()[2], time.monotonic())
        return self.proc.wait(STEP_TIMEOUT_S)

    def printed_keys(self) -> list[bytes]:
        text = self.stdout.read_text(encoding="utf-8", errors="replace")
        return [keys.parse_key(line.strip()) for line in text.splitlines() if RECOVERY_KEY.match(line.strip())]


def _content_problems(ledger, template: Template) -> list[str]:
    problems = []
    with ledger.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        conn.rollback()
    if rows != ["ok"]:
        problems.append(f"integrity: {rows[:3]}")
    with ledger.session(write=False) as s:
        names = {o.name for o in s.query(Organization)}
        sizes = [a.size for a in s.query(Attachment)]
    if names != template.names:
        problems.append("organizations differ")
    if len(sizes) != template.attachments or sum(sizes) != template.attachment_bytes:
        problems.append("attachments differ")
    return problems


def _copy_state(work: Path, target: Path) -> Path:
    """The killed ledger with everything beside it (journal, -wal, marker) in a fresh folder."""
    target.mkdir()
    for item in work.iterdir():
        if item.name.startswith("L.db"):
            shutil.copyfile(item, target / item.name)
    if (work / "backups").is_dir():  # what the refusal says depends on the newest backup
        shutil.copytree(work / "backups", target / "backups")
    return target / "L.db"


def _check_keyring(outcome: Outcome, ledger: Path, work: Path, template: Template, new_keys: list[bytes]) -> None:
    store = FileKeyring(work / "keyring.json")
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    try:
        try:
            led = open_ledger(ledger, create=False)
        except LedgerError as exc:
            outcome.problems.append(f"unopenable: {exc}")
            return
        try:
            outcome.opened_with = "old" if led.key == template.key else "new"
            outcome.promoted = "更换密钥时中断" in led.key_notice
            outcome.problems += _content_problems(led, template)
        finally:
            led.close()
        # the keyring now holds the key in force as the current entry, and nothing pending
        current = store.get_password(keys.SERVICE, keys.account_for(ledger))
        if current != (template.key if outcome.opened_with == "old" else led.key).hex():
            outcome.problems.append("the keyring's current entry is not the key in force")
        if keys.load_pending_key(ledger) is not None or keys.read_rekey_marker(ledger) is not None:
            outcome.problems.append("a pending key or marker was left after opening")
        led = open_ledger(ledger, create=False)  # and it opens again without any notice
        if led.key_notice:
            outcome.problems.append(f"second opening still had a notice: {led.key_notice}")
        led.close()
    finally:
        keyring.set_keyring(previous)


def _open_env(ledger: Path, key: bytes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DENGBAO_KEY", key.hex())
    try:
        return open_ledger(ledger, create=False)
    finally:
        monkeypatch.delenv("DENGBAO_KEY")


def _check_env(
    outcome: Outcome, work: Path, template: Template, new_keys: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    available = {"old": template.key, **({"new": new_keys[0]} if new_keys else {})}
    for order in (("old", "new"), ("new", "old")):
        ledger = _copy_state(work, work / f"open-{order[0]}-first")
        opened = ""
        refusal = ""
        for role in order:
            if role not in available:
                continue
            try:
                led = _open_env(ledger, available[role], monkeypatch)
            except LedgerError as exc:
                refusal = refusal or str(exc)
                continue
            opened = role
            try:
                outcome.problems += _content_problems(led, template)
            finally:
                led.close()
            break
        if not opened:
            outcome.problems.append(f"unopenable ({'/'.join(order)} first): {refusal}")
            continue
        if order[0] == "old":
            outcome.opened_with = opened
            # the old key is told it is the previous key, never that the file is damaged
            if opened == "new" and ("文件头已损坏" in refusal or (outcome.marker and "更换密钥" not in refusal)):
                outcome.problems.append(f"the old key's refusal does not name the change of key: {refusal}")
        elif outcome.opened_with and opened != outcome.opened_with:
            outcome.problems.append("the two orders disagree on the key in force")
        if keys.read_rekey_marker(ledger) is not None:
            outcome.problems.append("the marker was left after opening")


def _run_one(
    template: Template, work: Path, mode: str, plan: tuple[str, object], monkeypatch: pytest.MonkeyPatch
) -> Outcome:
    kind, value = plan
    ledger = _prepare(template, work, mode)
    hook = f"stop:{value}" if kind == "step" else "trace"
    run = Run(work, ledger, _env(work, mode, template.key, hook))
    if kind == "step":
        run.wait_step(str(value))
    elif kind == "switch":
        run.wait_step("announced")
        time.sleep(float(value))  # type: ignore[arg-type]
    else:
        time.sleep(float(value))  # type: ignore[arg-type]
    if run.proc.poll() is None:
        run.kill()
    else:
        run.finish()
    label = f"{kind} {value}" if kind == "step" else f"{kind} +{float(value) * 1000:.0f} ms"  # type: ignore[arg-type]
    outcome = Outcome(mode, label)
    outcome.cut = ledger.with_name("L.db-journal").exists()
    outcome.marker = keys.rekey_marker_path(ledger).exists()
    new_keys = run.printed_keys()
    if mode == "keyring":
        _check_keyring(outcome, ledger, work, template, new_keys)
    else:
        _check_env(outcome, work, template, new_keys, monkeypatch)
    return outcome


def _calibrate(template: Template, work: Path, mode: str) -> tuple[float, float]:
    """A whole run without a kill: it must succeed; returns (re-encryption, whole run) in seconds."""
    ledger = _prepare(template, work, mode)
    run = Run(work, ledger, _env(work, mode, template.key, "trace"))
    run.wait_step("done")
    assert run.finish() == 0, "".join(run.stderr)
    assert [s for s in STEPS if s in run.reached] == list(STEPS)
    printed = run.printed_keys()
    assert len(printed) == 2 and printed[0] == printed[1]  # shown before the switch, and when done
    assert keys.read_rekey_marker(ledger) is None
    if mode == "keyring":
        store = FileKeyring(work / "keyring.json")
        assert store.get_password(keys.SERVICE, keys.account_for(ledger)) == printed[0].hex()
        assert store.get_password(keys.SERVICE, keys.account_for(ledger) + keys.PENDING_SUFFIX) is None
    switch = run.reached["switched"] - run.reached["announced"]
    return switch, run.reached["done"] - run.started


def test_rekey_killed_anywhere_leaves_an_openable_ledger(
    template: Template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = int(os.environ.get("DENGBAO_KILL_SEED", "20261130"))
    rng = random.Random(seed)
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))
    outcomes: list[Outcome] = []
    timings: dict[str, tuple[float, float]] = {}
    for mode in MODES:
        switch, whole = timings[mode] = _calibrate(template, tmp_path / f"{mode}-calibration", mode)
        plans: list[tuple[str, object]] = [("step", name) for name in STEPS]
        plans += [("switch", rng.uniform(0, switch * 1.3)) for _ in range(SWITCH_KILLS)]
        plans += [("start", rng.uniform(0, whole)) for _ in range(START_KILLS)]
        for n, plan in enumerate(plans):
            outcomes.append(_run_one(template, tmp_path / f"{mode}-{n:02d}", mode, plan, monkeypatch))

    unopenable = [o for o in outcomes if not o.opened_with]
    lines = [f"seed {seed}; re-encryption " + ", ".join(f"{m} {t[0] * 1000:.0f} ms" for m, t in timings.items())]
    for mode in MODES:
        mine = [o for o in outcomes if o.mode == mode]
        by_key = Counter(o.opened_with or "NONE" for o in mine)
        lines.append(
            f"{mode}: {len(mine)} kills, unopenable {sum(1 for o in mine if not o.opened_with)}, "
            f"opened with old key {by_key['old']}, new key {by_key['new']}, "
            f"cut during re-encryption {sum(o.cut for o in mine)}, pending key promoted on opening "
            f"{sum(o.promoted for o in mine)}"
        )
    lines += [
        f"  {o.mode:7} {o.plan:24} -> {o.opened_with or 'UNOPENABLE'}"
        + (" (cut)" if o.cut else "") + (" (marker)" if o.marker else "") + (" (promoted)" if o.promoted else "")
        for o in outcomes
    ]
    report = "\n".join(lines)
    print("\n" + report)
    (tmp_path / "rekey-kills.txt").write_text(report, encoding="utf-8")

    assert len(outcomes) >= 20
    assert unopenable == [], report
    problems = [f"{o.mode} {o.plan}: {p}" for o in outcomes for p in o.problems]
    assert problems == [], "\n".join(problems)
    # the step kills cover both sides of the switch in both settings
    for mode in MODES:
        steps = {o.plan: o.opened_with for o in outcomes if o.mode == mode and o.plan.startswith("step")}
        assert steps["step announced"] == "old" and steps["step switched"] == "new", steps
