"""Issue 12: files the program writes never replace the ledger, appear only when complete, and plain
copies for other programs live in one private folder per run.

- :mod:`db.store.output` (the one writer): its rules on real files;
- ``dengbao-cli`` export / print / backup as real processes against a demonstration ledger, which must
  stay byte-identical (sha256) whatever ``--out`` names;
- a ledger reached through a symbolic link: backups are named after the real file;
- read-only commands on a ledger in a read-only folder (a real read-only bind mount in a private mount
  namespace, or a non-root user on a folder without write permission; skipped where neither is possible);
- :mod:`desktop.services.private_temp`: the per-run folder, safe names, removal at exit and at the next start.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from db.store.output import (
    BACKUP,
    CSV,
    PDF_FILE,
    XLSX,
    OutputRefusedError,
    Protected,
    check_target,
    write_bytes,
    write_output,
)

ROOT = Path(__file__).resolve().parents[2]
KEY_HEX = bytes(range(32)).hex()
XLSX_HEAD = b"PK\x03\x04" + b"\x00" * 26
PDF_HEAD = b"%PDF-1.7\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".partial")))


# ---------------------------------------------------------------------------------------------
# the one writer
# ---------------------------------------------------------------------------------------------


def test_writes_atomically_and_removes_the_temporary_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "新建" / "汇总.xlsx"

    def write(tmp: Path) -> int:
        assert tmp.parent == target.parent and tmp.name.startswith(".dengbao-") and tmp.name.endswith(".part")
        assert not target.exists()  # nothing at the target until the file is complete
        tmp.write_bytes(XLSX_HEAD)
        return 7

    assert write_output(target, write, XLSX) == 7
    assert target.read_bytes() == XLSX_HEAD and leftovers(target.parent) == []

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"PK half a workbook")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        write_output(target, broken, XLSX, overwrite=True)
    assert target.read_bytes() == XLSX_HEAD and leftovers(target.parent) == []


def test_an_existing_file_needs_overwrite_and_must_be_of_the_kind_written(tmp_path: Path) -> None:
    book, pdf, text, blob, empty = (tmp_path / n for n in ("a.xlsx", "a.pdf", "a.csv", "a.bin", "empty.xlsx"))
    book.write_bytes(XLSX_HEAD)
    pdf.write_bytes(PDF_HEAD)
    text.write_text("单位,网站\n河北,http://x\n", encoding="gb18030")
    blob.write_bytes(os.urandom(8192))  # what an encrypted ledger looks like
    empty.write_bytes(b"")
    with pytest.raises(OutputRefusedError, match="已存在.*--force"):
        check_target(book, XLSX)
    assert check_target(book, XLSX, overwrite=True) == book.resolve()
    assert check_target(text, CSV, overwrite=True) == text.resolve()
    assert check_target(empty, XLSX, overwrite=True) == empty.resolve()
    for target, kind in ((pdf, XLSX), (book, PDF_FILE), (blob, XLSX), (blob, PDF_FILE), (blob, CSV), (text, XLSX)):
        with pytest.raises(OutputRefusedError, match="不能覆盖（确认覆盖或加 --force 也不行）"):
            check_target(target, kind, overwrite=True)


def test_sqlite_files_folders_and_companion_names_are_refused(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "其他台账.db"
    sqlite3.connect(other).execute("create table t(x)").connection.close()
    with pytest.raises(OutputRefusedError, match="数据库文件"):
        check_target(other, XLSX, overwrite=True)
    with pytest.raises(OutputRefusedError, match="文件夹"):
        check_target(tmp_path, XLSX, overwrite=True)
    for name in ("其他台账.db-wal", "其他台账.db-shm", "其他台账.db-journal", "x.xlsx-wal", "其他台账.db.lock",
                 "其他台账.db.audit-head.json"):
        with pytest.raises(OutputRefusedError, match="附属文件"):
            check_target(tmp_path / name, XLSX, overwrite=True)
    assert check_target(tmp_path / "no-such-file.lock", XLSX) == (tmp_path / "no-such-file.lock").resolve()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.xlsx")
        with pytest.raises(OutputRefusedError, match="不是普通文件"):
            check_target(tmp_path / "pipe.xlsx", XLSX, overwrite=True)


def test_the_protected_ledger_its_companions_links_and_backup_folder(tmp_path: Path) -> None:
    ledger = tmp_path / "L.db"
    ledger.write_bytes(os.urandom(4096))
    backups = tmp_path / "backups"
    backups.mkdir()
    guard = Protected(ledgers=(ledger,), folders=(backups,))
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").symlink_to(ledger)
    (tmp_path / "wal-link.xlsx").symlink_to(tmp_path / "L.db-wal")
    os.link(ledger, tmp_path / "hard.xlsx")
    for name in ("L.db", "sub/../L.db", "link.xlsx", "L.db-wal", "L.db-shm", "L.db-journal", "L.db.lock",
                 "L.db.audit-head.json", "wal-link.xlsx"):
        with pytest.raises(OutputRefusedError, match="台账"):
            check_target(tmp_path / name, XLSX, overwrite=True, protect=guard)
    with pytest.raises(OutputRefusedError):  # another name of the same file: its content gives it away
        check_target(tmp_path / "hard.xlsx", XLSX, overwrite=True, protect=guard)
    for name in ("backups/汇总.xlsx", "backups/sub/汇总.xlsx", "sub/../backups/x.pdf"):
        with pytest.raises(OutputRefusedError, match="备份文件夹"):
            check_target(tmp_path / name, XLSX, overwrite=True, protect=guard)
    # the program's own timestamped backups go there
    assert check_target(backups / "L-20261121-080000-manual.db", BACKUP, protect=guard, own_name=True)
    assert ledger.read_bytes() != b"" and not (tmp_path / "L.db-wal").exists()


def test_a_ledger_open_in_this_process_is_refused_by_identity(ledger, tmp_path: Path) -> None:
    """Refused without reading the file (reading it here would drop this process's SQLite locks)."""
    from db.store.storage import open_ledger

    alias = tmp_path / "another-name.xlsx"
    os.link(ledger.path, alias)
    with pytest.raises(OutputRefusedError, match="台账文件本身"):
        write_bytes(alias, XLSX_HEAD, XLSX, overwrite=True)  # no guard given: the open ledger is known
    assert alias.stat().st_ino == ledger.path.stat().st_ino
    with ledger.session() as session:  # the ledger still takes writes (its locks are intact)
        session.connection().exec_driver_sql("UPDATE ledger_meta SET value = value")
    ledger.close()
    open_ledger(ledger.path, create=False).close()


def test_a_target_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"

    def slow(tmp: Path) -> None:
        tmp.write_bytes(PDF_HEAD + b"new")
        target.write_bytes(PDF_HEAD + b"someone else's")  # written meanwhile by another program

    with pytest.raises(OutputRefusedError, match="已存在"):
        write_output(target, slow, PDF_FILE)
    assert target.read_bytes() == PDF_HEAD + b"someone else's" and leftovers(tmp_path) == []


def test_temporary_files_of_killed_runs_are_removed_later(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".dengbao-0123456789ab.part", tmp_path / ".dengbao-ba9876543210.part"
    for p in (stale, fresh):
        p.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    write_bytes(tmp_path / "x.csv", b"a,b\n", CSV)
    assert not stale.exists() and fresh.exists()


# ---------------------------------------------------------------------------------------------
# the command line, as real processes
# ---------------------------------------------------------------------------------------------


def _env(tmp: Path, *, encrypted: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env.update(
        PYTHONPATH=str(ROOT),
        DENGBAO_PORTABLE_DIR=str(tmp / "profile"),
        XDG_STATE_HOME=str(tmp / "state"),
        PYTHONIOENCODING="utf-8",
    )
    if encrypted:
        env["DENGBAO_KEY"] = KEY_HEX
    return env


def _cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args], cwd=cwd, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=300,
    )


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """A plain and an encrypted demonstration ledger (single closed files)."""
    made: dict[bool, Path] = {}
    for encrypted in (False, True):
        folder = tmp_path_factory.mktemp("output-demo")
        path = folder / "L.db"
        extra = [] if encrypted else ["--no-encryption"]
        done = _cli(["--db", str(path), *extra, "demo", "--today", "2026-11-21"], folder,
                    _env(folder, encrypted=encrypted))
        assert done.returncode == 0, done.stderr
        made[encrypted] = path
    return made


@dataclass
class Attack:
    name: str
    argv: list[str]  #: after ``--db L.db``; ``{work}`` is the work folder
    code: int = 1
    says: str = ""
    encrypted: bool = False
    setup: str = ""  #: what to place first (see _place)


def _place(work: Path, setup: str) -> None:
    ledger = work / "L.db"
    if setup == "link":
        (work / "link.xlsx").symlink_to(ledger)
    elif setup == "backups":
        (work / "backups").mkdir()
    elif setup == "foreign":
        (work / "别人的.pdf").write_bytes(PDF_HEAD + b"not ours")
        (work / "旧汇总.xlsx").write_bytes(XLSX_HEAD)
        (work / "notes.txt").write_text("会议纪要", encoding="utf-8")
    elif setup == "other-ledger":
        import sqlite3

        sqlite3.connect(work / "另一个台账.db").execute("create table t(x)").connection.close()


ATTACKS = [
    Attack("导出覆盖台账", ["export", "summary", "--out", "{work}/L.db"], says="台账文件本身"),
    Attack("导出加 --force 覆盖台账", ["export", "summary", "--out", "{work}/L.db", "--force"], says="台账文件本身"),
    Attack("加密台账：导出覆盖", ["export", "ledger", "--out", "{work}/L.db", "--force"], says="台账文件本身",
           encrypted=True),
    Attack("打印覆盖台账", ["print", "grading", "--object", "1", "--out", "{work}/L.db", "--force"], says="台账文件本身"),
    Attack("导出写入 -wal", ["export", "summary", "--out", "{work}/L.db-wal", "--force"], says="附属文件"),
    Attack("导出写入 -shm", ["export", "summary", "--out", "{work}/L.db-shm"], says="附属文件"),
    Attack("导出写入 .lock", ["export", "summary", "--out", "{work}/L.db.lock", "--force"], says="附属文件"),
    Attack("经符号链接覆盖台账", ["export", "summary", "--out", "{work}/link.xlsx", "--force"], says="台账文件本身",
           setup="link"),
    Attack("路径中的 ../ 指向台账", ["print", "grading", "--object", "1", "--out", "{work}/新建/../L.db", "--force"],
           says="台账文件本身"),
    Attack("写入备份文件夹", ["export", "summary", "--out", "{work}/backups/汇总.xlsx"], says="备份文件夹",
           setup="backups"),
    Attack("备份覆盖台账", ["backup", "--out", "{work}/L.db", "--force"], says="台账文件本身"),
    Attack("加密台账：备份覆盖台账", ["backup", "--out", "{work}/L.db", "--force"], says="台账文件本身",
           encrypted=True),
    Attack("备份写入备份文件夹（自选文件名）", ["backup", "--out", "{work}/backups/mine.db"], says="备份文件夹",
           setup="backups"),
    Attack("导出覆盖已有文件（无 --force）", ["export", "summary", "--out", "{work}/旧汇总.xlsx"], says="--force",
           setup="foreign"),
    Attack("导出覆盖 PDF（有 --force）", ["export", "summary", "--out", "{work}/别人的.pdf", "--force"],
           says="不能覆盖", setup="foreign"),
    Attack("打印覆盖工作簿（有 --force）", ["print", "grading", "--object", "1", "--out", "{work}/旧汇总.xlsx", "--force"],
           says="不能覆盖", setup="foreign"),
    Attack("备份覆盖文本文件（有 --force）", ["backup", "--out", "{work}/notes.txt", "--force"], says="不能覆盖",
           setup="foreign"),
    Attack("导出覆盖另一个台账（有 --force）", ["export", "summary", "--out", "{work}/另一个台账.db", "--force"],
           says="数据库文件", setup="other-ledger"),
    Attack("备份覆盖另一个台账（有 --force）", ["backup", "--out", "{work}/另一个台账.db", "--force"], says="不能覆盖",
           setup="other-ledger"),
    Attack("导出到文件夹", ["export", "summary", "--out", "{work}"], says="文件夹"),
    Attack("导出覆盖已有工作簿（有 --force）", ["export", "summary", "--out", "{work}/旧汇总.xlsx", "--force"], code=0,
           setup="foreign"),
]


@pytest.fixture(scope="module")
def attack_runs(demo_files: dict[bool, Path], tmp_path_factory: pytest.TempPathFactory):
    """Every attack in a folder of its own (a copy of the demo ledger), all processes at once."""

    def run(attack: Attack):
        work = tmp_path_factory.mktemp("attack")
        ledger = work / "L.db"
        shutil.copyfile(demo_files[attack.encrypted], ledger)
        _place(work, attack.setup)
        before = sha256(ledger)
        argv = ["--db", str(ledger), *(a.replace("{work}", str(work)) for a in attack.argv)]
        done = _cli(argv, work, _env(work, encrypted=attack.encrypted))
        return attack, work, done, before, sha256(ledger)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return {r[0].name: r for r in pool.map(run, ATTACKS)}


@pytest.mark.parametrize("name", [a.name for a in ATTACKS])
def test_cli_outputs_never_touch_the_ledger(attack_runs, name: str) -> None:
    attack, work, done, before, after = attack_runs[name]
    assert done.returncode == attack.code, done.stderr
    assert after == before, "the ledger file changed"
    assert "Traceback" not in done.stderr
    if attack.code == 1:
        assert done.stderr.startswith("错误：") and attack.says in done.stderr, done.stderr
    assert leftovers(work) == []
    assert not (work / "L.db-wal").exists() or (work / "L.db-wal").stat().st_size == 0
    if attack.setup == "foreign" and attack.code == 1:
        assert (work / "别人的.pdf").read_bytes() == PDF_HEAD + b"not ours"
        assert (work / "旧汇总.xlsx").read_bytes() == XLSX_HEAD


def test_cli_force_replaces_only_an_earlier_backup_of_this_ledger(demo_files, tmp_path: Path) -> None:
    work = tmp_path
    ledger = work / "L.db"
    shutil.copyfile(demo_files[True], ledger)
    env = _env(work, encrypted=True)
    out = work / "拷贝.db"
    assert _cli(["--db", str(ledger), "backup", "--out", str(out)], work, env).returncode == 0
    again = _cli(["--db", str(ledger), "backup", "--out", str(out)], work, env)
    assert again.returncode == 1 and "--force" in again.stderr
    assert _cli(["--db", str(ledger), "backup", "--out", str(out), "--force"], work, env).returncode == 0
    # a backup of another ledger (another key) is not this ledger's to replace
    other = work / "other.db"
    shutil.copyfile(demo_files[False], other)
    before = sha256(other)
    refused = _cli(["--db", str(ledger), "backup", "--out", str(other), "--force"], work, env)
    assert refused.returncode == 1 and "不能覆盖" in refused.stderr and sha256(other) == before


def test_cli_export_and_print_write_complete_files_and_force_replaces_them(demo_files, tmp_path: Path) -> None:
    ledger = tmp_path / "L.db"
    shutil.copyfile(demo_files[False], ledger)
    env = _env(tmp_path)
    book, pdf = tmp_path / "汇总.xlsx", tmp_path / "定级报告.pdf"
    for args in (["export", "summary", "--out", str(book)], ["print", "grading", "--object", "1", "--out", str(pdf)]):
        assert _cli(["--db", str(ledger), *args], tmp_path, env).returncode == 0
        assert _cli(["--db", str(ledger), *args], tmp_path, env).returncode == 1
        assert _cli(["--db", str(ledger), *args, "--force"], tmp_path, env).returncode == 0
    assert book.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------------
# a ledger reached through a symbolic link
# ---------------------------------------------------------------------------------------------


def test_a_symlinked_ledger_is_backed_up_under_its_real_name(demo_files, tmp_path: Path) -> None:
    real_folder = tmp_path / "data"
    real_folder.mkdir()
    ledger = real_folder / "L.db"
    shutil.copyfile(demo_files[False], ledger)
    link = tmp_path / "快捷方式.db"
    link.symlink_to(ledger)
    env = _env(tmp_path)
    made = _cli(["--db", str(link), "backup"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    backups = list((real_folder / "backups").glob("L-*-manual.db"))
    assert len(backups) == 1, made.stdout
    listed = _cli(["--db", str(link), "backups"], tmp_path, env)
    assert backups[0].name in listed.stdout
    # restore goes to the real file too: the link stays a link, and the backups stay beside the real file
    restored = _cli(["--db", str(link), "restore", str(backups[0])], tmp_path, env)
    assert restored.returncode == 0, restored.stderr
    assert link.is_symlink() and link.resolve() == ledger.resolve()
    assert {p.name.split("-")[0] for p in (real_folder / "backups").glob("*.db")} == {"L"}
    # the lock file and the outside audit record belong to the real file too
    assert not list(tmp_path.glob("快捷方式.db?*"))


# ---------------------------------------------------------------------------------------------
# read-only commands on a ledger in a read-only folder
# ---------------------------------------------------------------------------------------------

READ_ONLY_SCRIPT = r"""
set -e
cd "$WORK"
{mount}
run() {{ {runner} "$PY" -m desktop.cli --db "$WORK/ro/L.db" "$@"; }}
for cmd in "list orgs" "check" "export summary --out $WORK/out/汇总.xlsx" "print grading --object 1 --out $WORK/out/定级.pdf" "backups" "backup --out $WORK/out/拷贝.db"; do
  echo "== $cmd"; set +e; run $cmd > "$WORK/last.out" 2> "$WORK/last.err"; code=$?; set -e
  echo "rc=$code"; cat "$WORK/last.err"
done
echo "== demo"; set +e; run demo > /dev/null 2> "$WORK/last.err"; echo "rc=$?"; cat "$WORK/last.err"
"""


def _read_only_way(work: Path) -> tuple[str, str] | None:
    """(mount commands, runner prefix) for a real read-only folder, or None where none can be made."""
    if os.geteuid() == 0 and shutil.which("unshare"):
        probe = subprocess.run(
            ["unshare", "-m", "sh", "-c", f"mount --bind '{work}' '{work}' && mount -o remount,ro,bind '{work}'"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return 'mount --bind "$WORK/ro" "$WORK/ro" && mount -o remount,ro,bind "$WORK/ro"', ""
    if os.geteuid() != 0:
        return "", ""  # chmod 0555 stops an ordinary user
    return None


def test_read_only_commands_work_in_a_read_only_folder(demo_files, tmp_path: Path) -> None:
    work = tmp_path
    (work / "ro").mkdir()
    (work / "out").mkdir()
    ledger = work / "ro" / "L.db"
    shutil.copyfile(demo_files[False], ledger)
    way = _read_only_way(work / "ro")
    if way is None:
        pytest.skip("no way to make a read-only folder here (root without mount namespaces)")
    mount, runner = way
    before = sha256(ledger)
    if not mount:
        (work / "ro").chmod(0o555)
    env = {**_env(work), "WORK": str(work), "PY": sys.executable}
    script = READ_ONLY_SCRIPT.format(mount=mount, runner=runner)
    command = ["unshare", "-m", "bash", "-c", script] if mount else ["bash", "-c", script]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    finally:
        (work / "ro").chmod(0o755)
    assert done.returncode == 0, done.stderr
    sections = dict(part.split("\n", 1) for part in done.stdout.split("== ")[1:])
    for cmd in ("list orgs", "check", "backups"):
        assert sections[cmd].startswith("rc=0"), (cmd, sections[cmd])
    for cmd, made in (("export summary", "汇总.xlsx"), ("print grading", "定级.pdf"), ("backup --out", "拷贝.db")):
        key = next(k for k in sections if k.startswith(cmd))
        assert sections[key].startswith("rc=0"), (key, sections[key])
        assert (work / "out" / made).stat().st_size > 0
    assert sections["demo"].startswith("rc=1") and "只读" in sections["demo"]
    assert sha256(ledger) == before
    assert sorted(p.name for p in (work / "ro").iterdir()) == ["L.db"]


# ---------------------------------------------------------------------------------------------
# the private folder for plain copies
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from desktop.services import private_temp

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(private_temp, "_root", lambda: root)
    private_temp.cleanup()
    private_temp._reset_for_tests()
    yield private_temp, root
    private_temp.cleanup()


def test_private_folder_is_private_and_names_cannot_escape(private) -> None:
    private_temp, root = private
    first = private_temp.new_path("../../../etc/passwd")
    second = private_temp.new_path("..\\..\\报告.pdf")
    third = private_temp.new_path("..")
    folder = private_temp.folder()
    assert folder.parent == root and folder.name.startswith(private_temp.PREFIX)
    for p in (first, second, third):
        assert p.parent.parent == folder and p.name not in (".", "..") and not set("/\\") & set(p.name)
        assert p.resolve().parent.parent == folder.resolve()
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700
    made = private_temp.write("整改报告.pdf", lambda tmp: tmp.write_bytes(PDF_HEAD), PDF_FILE)
    assert made.read_bytes() == PDF_HEAD and made.parent.parent == folder
    private_temp.cleanup()
    assert not folder.exists()


def test_attachment_copies_go_to_the_private_folder(private, ledger) -> None:
    from desktop.services import attachments

    private_temp, _root = private
    source = ledger.path.parent / "scan.pdf"
    source.write_bytes(PDF_HEAD + b"scan")
    info = attachments.add_file(ledger, "organization", 1, source)
    with ledger.session() as session:
        from db.models import Attachment

        session.get(Attachment, info.id).filename = "../../../单位/../../x.pdf"
    copy = attachments.export_to_temp(ledger, info.id)
    assert copy.read_bytes() == PDF_HEAD + b"scan"
    assert copy.parent.parent == private_temp.folder() and copy.name.endswith(".pdf")


def test_attachment_save_as_refuses_the_ledger(ledger, tmp_path: Path) -> None:
    from desktop.services import attachments

    source = tmp_path / "scan.pdf"
    source.write_bytes(PDF_HEAD + b"scan")
    info = attachments.add_file(ledger, "organization", 1, source)
    for target in (ledger.path, ledger.path.with_name(ledger.path.name + "-wal")):
        with pytest.raises(OutputRefusedError):
            attachments.save_as(ledger, info.id, target, overwrite=True)
    other = tmp_path / "notes.docx"
    other.write_bytes(XLSX_HEAD)
    with pytest.raises(OutputRefusedError, match="不能覆盖"):
        attachments.save_as(ledger, info.id, other, overwrite=True)  # a PDF does not replace a document
    attachments.save_as(ledger, info.id, tmp_path / "copy.pdf")
    attachments.save_as(ledger, info.id, tmp_path / "copy.pdf", overwrite=True)
    assert (tmp_path / "copy.pdf").read_bytes() == PDF_HEAD + b"scan"


def _marker(folder: Path, pid: int, started: float) -> None:
    import json

    folder.mkdir(mode=0o700)
    (folder / ".dengbao-private").write_text(json.dumps({"pid": pid, "started": started}), encoding="utf-8")
    (folder / "0001").mkdir()
    (folder / "0001" / "附件.pdf").write_bytes(PDF_HEAD)


def test_stale_private_folders_of_earlier_runs_are_removed_at_start(private) -> None:
    private_temp, root = private
    mine = private_temp.folder()
    earlier = private_temp._started - 60
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        crashed = root / f"{private_temp.PREFIX}crashed"
        running = root / f"{private_temp.PREFIX}running"
        later = root / f"{private_temp.PREFIX}later"
        unmarked = root / f"{private_temp.PREFIX}unmarked"
        other = root / "dengbao-selftest-abc"
        _marker(crashed, int(dead.stdout), earlier)
        _marker(running, sleeper.pid, earlier)
        _marker(later, int(dead.stdout), private_temp._started + 60)
        unmarked.mkdir()
        other.mkdir()
        removed = private_temp.remove_stale()
        assert removed == [crashed]
        assert all(p.exists() for p in (mine, running, later, unmarked, other))
    finally:
        sleeper.kill()
        sleeper.wait()
