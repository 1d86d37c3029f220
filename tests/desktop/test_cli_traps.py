"""The command line never surprises: every bad invocation of every subcommand ends with one Chinese
sentence on stderr, the documented exit code (2 usage error, 1 refused or failed), no traceback, no new
file and an untouched ledger.

The breadth test runs in this process (``desktop.cli.main``); the subcommands are enumerated from the
parser, so a new subcommand is covered without touching this file. The numbered traps of issue 10,
item 5, run as real processes (``python -m desktop.cli``), all started together by one module fixture
so the file stays quick on a busy machine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import pytest

from desktop.cli import build_parser, main
from desktop.cli import support as cli_support

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-21"
KEY_HEX = "5a" * 32
USAGE = {2}
REFUSED = {1}
CHINESE = re.compile(r"[\u3400-\u9fff]")
MISSING = "台账文件不存在："
DATE_MESSAGE = "日期格式应为 YYYY-MM-DD，例如 2026-12-01：收到 2026/12/01"
DEMO_REFUSED = "台账中已有数据，演示数据只能写入新建的空台账"
#: commands that create the ledger they are pointed at (all others refuse a missing one)
CREATING = {"init", "demo"}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder`` with the sha256 of its content ("dir" for folders)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def assert_one_chinese_failure(code: int, err: str, expected: set[int], what: str) -> None:
    assert code in expected, f"{what}: exit {code}, expected {expected}; stderr: {err}"
    assert "Traceback" not in err, f"{what}: {err}"
    assert CHINESE.search(err), f"{what}: no Chinese message on stderr: {err!r}"
    assert "内部错误" not in err, f"{what}: a bad input must be a known error: {err}"
    assert "usage:" not in err and "error:" not in err, f"{what}: English argparse text: {err}"


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _arguments(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in sub._actions if not isinstance(a, argparse._HelpAction)]


def _valid_value(action: argparse.Action, work: Path) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is cli_support.iso_date:
        return "2026-12-01"
    if action.type in (cli_support.record_id, cli_support.count):
        return "1"
    return str(work / f"no-such-{action.dest}.xlsx")


def _is_required(action: argparse.Action) -> bool:
    if action.option_strings:
        return bool(action.required)
    return action.nargs not in ("?", "*")


def _invocation(sub: argparse.ArgumentParser, work: Path, override: dict[str, str | None]) -> list[str]:
    """Arguments for ``sub``: every required one with a valid value, then ``override`` (dest -> value,
    None leaves the argument out)."""
    positional: list[str] = []
    options: list[str] = []
    for action in _arguments(sub):
        if action.dest in override:
            value = override[action.dest]
        elif _is_required(action):
            value = _valid_value(action, work)
        else:
            continue
        if value is None:
            continue
        if action.option_strings:
            options += [action.option_strings[-1], value]
        else:
            positional.append(value)
    return positional + options


@dataclass
class Case:
    argv: list[str]
    expected: set[int]
    needle: str = ""  #: text the message must contain


def bad_invocations(name: str, sub: argparse.ArgumentParser, work: Path, ledger: Path) -> list[Case]:
    db = ["--db", str(ledger)]
    cases: list[Case] = []
    # a ledger path that does not exist (the trap of issue 10, item 5.1)
    missing = ["--db", str(work / "mistyped" / "ledger.db")]
    if name in CREATING:
        # these may create a ledger, but not where no file can be made (its "folder" is a file)
        cases.append(Case(["--db", str(ledger / "sub" / "x.db"), name], REFUSED, "不是文件夹"))
    elif name == "server":
        # the department administrator's commands take the server's address, never a ledger file
        cases.append(Case([*missing, name, *_invocation(sub, work, {})], USAGE, "--url"))
    elif name == "restore":
        # restoring may write a new ledger (a new computer), never from a backup that is not there
        cases.append(Case([*missing, name, *_invocation(sub, work, {})], REFUSED, "找不到备份文件"))
    else:
        cases.append(Case([*missing, name, *_invocation(sub, work, {})], REFUSED, MISSING))
    cases.append(Case([*db, name, *_invocation(sub, work, {}), "--no-such-option"], USAGE, "无法识别的参数"))
    for action in _arguments(sub):
        dest = action.dest
        if action.type is cli_support.iso_date:
            for bad in ("2026/12/01", "2026-13-01", "2026-W48-1", "20261201", ""):
                cases.append(Case([*db, name, *_invocation(sub, work, {dest: bad})], USAGE, "日期"))
        if action.type is cli_support.record_id:
            for bad in ("abc", "0", "-3", "1.5", ""):
                cases.append(Case([*db, name, *_invocation(sub, work, {dest: bad})], USAGE, "编号"))
            # well formed, but no such record in the ledger
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: "999999"})], REFUSED, "找不到"))
        if action.type is cli_support.count:
            for bad in ("x", "-1", ""):
                cases.append(Case([*db, name, *_invocation(sub, work, {dest: bad})], USAGE))
        if action.choices:
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: "no-such-choice"})], USAGE, "无效的取值"))
        if _is_required(action):
            # (a positional left out shifts the next one into its place: any usage error will do)
            needle = "缺少必需的参数" if action.option_strings else ""
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: None})], USAGE, needle))
        if action.option_strings and action.nargs is None:
            # an option given without its value
            argv = [*db, name, *_invocation(sub, work, {dest: None}), action.option_strings[-1]]
            cases.append(Case(argv, USAGE))
        if not action.option_strings and action.type is cli_support.non_empty and _is_required(action):
            # a missing file argument: empty, and a file that is not there
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: ""})], USAGE, "不能为空"))
            cases.append(Case([*db, name, *_invocation(sub, work, {})], REFUSED, "找不到"))
        if action.type is cli_support.server_address and not action.option_strings:
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: str(work / "x.xlsx")})], USAGE, "数据库地址"))
        if dest == "out":
            # an output file whose folder is a file
            cases.append(Case([*db, name, *_invocation(sub, work, {dest: str(ledger / "x.out")})], REFUSED))
    if name == "print":
        # --out is optional only for --check-only: every other case names a file, so the fault tried is its own
        for case in cases:
            if "--out" not in case.argv and "--check-only" not in case.argv:
                case.argv += ["--out", str(work / "out.pdf")]
    return cases


GLOBAL_CASES: list[tuple[list[str], set[int], str]] = [
    ([], USAGE, "缺少必需的参数"),
    (["no-such-command"], USAGE, "无效的取值"),
    (["--db", "", "list", "orgs"], USAGE, "不能为空"),
    (["--db", "{ledger}", "--url", "postgresql+psycopg://u@h/d", "list", "orgs"], USAGE, "不能与"),
    (["--url", "sqlite:///{work}/x.db", "list", "orgs"], USAGE, "--db"),
    (["--url", "mysql://u:geheim@h/d", "list", "orgs"], USAGE, "PostgreSQL"),
    (["--url", "not a url", "list", "orgs"], USAGE, "不是有效的数据库地址"),
    (["--url", "postgresql+nosuchdriver://u@h/d", "check"], USAGE, "驱动"),
    (["--url", "mysql://u@h/d", "backups"], USAGE, "PostgreSQL"),
    (["--db", "{ledger}", "backup-folder", "{work}/elsewhere", "--default"], USAGE, "--default"),
]


# --------------------------------------------------------------------------------------------
# in-process breadth: every subcommand, bad input of every kind
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an empty plain ledger made by ``dengbao-cli --db L --no-encryption init``."""
    folder = tmp_path_factory.mktemp("plain")
    assert main(["--db", str(folder / "ledger.db"), "--no-encryption", "init"]) == 0
    return folder


@pytest.fixture
def work(plain_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    shutil.copytree(plain_template, folder)
    return folder


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No stray default ledger, backup setting or error log outside the test's folders."""
    state = tmp_path / "state"
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))
    monkeypatch.delenv("DENGBAO_BACKUP_DIR", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return state


def _run_cases(cases: list[Case], work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for case in cases:
        before = snapshot(work)
        code = main(case.argv)
        err = capsys.readouterr().err
        what = " ".join(case.argv)
        assert_one_chinese_failure(code, err, case.expected, what)
        assert case.needle in err, f"{what}: {case.needle!r} not in {err!r}"
        assert snapshot(work) == before, f"{what}: the folder changed"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_refuses_bad_input_in_one_chinese_line(
    name: str, work: Path, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = work / "ledger.db"
    cases = bad_invocations(name, subcommands()[name], work, ledger)
    assert len(cases) >= 2
    _run_cases(cases, work, capsys)


def test_global_options_refuse_bad_input_in_one_chinese_line(
    work: Path, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = work / "ledger.db"
    cases = [
        Case([a.format(ledger=ledger, work=work) for a in argv], expected, needle)
        for argv, expected, needle in GLOBAL_CASES
    ]
    _run_cases(cases, work, capsys)
    capsys.readouterr()
    main(["--url", "mysql://u:geheim@h/d", "list", "orgs"])
    assert "geheim" not in capsys.readouterr().err  # a password in an address is never echoed


def test_the_default_ledger_is_not_created_by_a_command_that_reads(
    tmp_path: Path, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from db.store.storage import default_ledger_path

    for argv in (["list", "orgs"], ["check"], ["backups"], ["backup"], ["unlock"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"{MISSING}{default_ledger_path()}。新建台账请用 dengbao-cli init" in err, err
    assert not (tmp_path / "profile").exists()


def test_usage_errors_and_help_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：dengbao-cli list") and "显示此帮助并退出" in out
    assert main(["list", "orgs", "--today", "2026/12/01"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and DATE_MESSAGE in err and err.count("\n") == 1, err


def test_a_date_in_the_right_form_is_accepted(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(work / "ledger.db"), "list", "deadlines", "--today", "2026-12-01"]) == 0
    assert "（无）" in capsys.readouterr().out


def test_a_demo_on_a_new_encrypted_ledger_shows_its_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "new.db"), "demo", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "已生成演示数据" in out and "恢复密钥" in out


def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(
    work: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli.commands import ledger as ledger_commands

    monkeypatch.delenv("DENGBAO_PORTABLE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # platformdirs on Linux
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))  # and on Windows

    def broken(args: argparse.Namespace, ledger: object) -> int:
        raise RuntimeError("模拟的程序错误")

    monkeypatch.setattr(ledger_commands, "cmd_check", broken)
    assert main(["--db", str(work / "ledger.db"), "check"]) == 1
    err = capsys.readouterr().err
    log = Path(platformdirs.user_log_dir("DengbaoLedger", "Dengbao")) / cli_support.LOG_FILE_NAME
    assert err == f"内部错误：RuntimeError: 模拟的程序错误（详细信息已写入 {log}）\n"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "模拟的程序错误" in text and "check" in text


# --------------------------------------------------------------------------------------------
# the numbered traps as real processes, all started together
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One ``dengbao-cli`` process in a folder of its own."""

    folder: Path
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    shell: str | None = None  #: a bash command line instead of ``python -m desktop.cli argv``
    python: str | None = None  #: a ``python -c`` script instead
    code: int = -1
    out: str = ""
    err: str = ""
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)


def _base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env.update(
        PYTHONPATH=str(ROOT),
        DENGBAO_PORTABLE_DIR=str(tmp / "profile"),  # default ledger, backup settings, error log
        XDG_STATE_HOME=str(tmp / "state"),
        PYTHONIOENCODING="utf-8",
    )
    return env


def _execute(run: Run, base: dict[str, str]) -> Run:
    env = {**base, **run.env}
    if run.shell is not None:
        command = ["bash", "-c", run.shell]
    elif run.python is not None:
        command = [sys.executable, "-c", run.python, *run.argv]
    else:
        command = [sys.executable, "-m", "desktop.cli", *run.argv]
    run.before = snapshot(run.folder)
    result = subprocess.run(
        command, cwd=run.folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    run.code, run.out, run.err = result.returncode, result.stdout, result.stderr
    run.after = snapshot(run.folder)
    return run


BROKEN_CHECK = """
import sys
import desktop.cli
import desktop.cli.commands.ledger

def broken(args, ledger):
    raise RuntimeError("模拟的程序错误")

desktop.cli.commands.ledger.cmd_check = broken
sys.exit(desktop.cli.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    tmp = tmp_path_factory.mktemp("processes")
    plain = tmp / "plain-template"
    demo = tmp / "demo-template"
    encrypted = tmp / "encrypted-template"
    assert main(["--db", str(plain / "ledger.db"), "--no-encryption", "init"]) == 0
    assert main(["--db", str(demo / "ledger.db"), "--no-encryption", "init"]) == 0
    assert main(["--db", str(demo / "ledger.db"), "demo", "--today", TODAY]) == 0
    os.environ["DENGBAO_KEY"] = KEY_HEX
    try:
        assert main(["--db", str(encrypted / "ledger.db"), "init"]) == 0
    finally:
        del os.environ["DENGBAO_KEY"]

    def folder(name: str, template: Path | None = None) -> Path:
        target = tmp / name
        if template is None:
            target.mkdir()
        else:
            shutil.copytree(template, target)
        return target

    python = shlex.quote(sys.executable)
    planned: dict[str, Run] = {
        "missing": Run(folder("missing"), ["--db", "mistyped/ledger.db", "list", "orgs"]),
        "demo-again": Run(folder("demo-again", demo), ["--db", "ledger.db", "demo"]),
        "demo-province": Run(folder("demo-province", demo), ["--db", "ledger.db", "demo", "--scale", "province"]),
        "url-sqlite": Run(folder("url-sqlite"), ["--url", "sqlite:///x.db", "list", "orgs"]),
        "url-mysql": Run(folder("url-mysql"), ["--url", "mysql://u:geheim@h/d", "list", "orgs"]),
        "env-mysql": Run(folder("env-mysql"), ["list", "orgs"], env={"DENGBAO_DB_URL": "mysql://u@h/d"}),
        "under-a-file": Run(folder("under-a-file", plain), ["--db", "ledger.db/sub/x.db", "init"]),
        "bad-date": Run(folder("bad-date", plain), ["--db", "ledger.db", "list", "findings", "--today", "2026/12/01"]),
        "internal": Run(folder("internal", plain), ["--db", "ledger.db", "check"], python=BROKEN_CHECK),
        "encrypted": Run(
            folder("encrypted", encrypted),
            ["--db", "ledger.db", "print", "filing", "--object", "999", "--out", "x.pdf"],
            env={"DENGBAO_KEY": KEY_HEX},
        ),
        "head": Run(
            folder("head", demo),
            [],
            shell=f"{python} -m desktop.cli --db ledger.db list findings | head -1; exit ${{PIPESTATUS[0]}}",
        ),
        "closed-pipe": Run(
            folder("closed-pipe", demo),
            [],
            shell=f"{python} -m desktop.cli --db ledger.db list findings --json | true; exit ${{PIPESTATUS[0]}}",
        ),
    }
    if Path("/proc/self").is_dir():
        planned["proc"] = Run(folder("proc"), ["--db", "/proc/dengbao-no-such/ledger.db", "init"])
    base = _base_env(tmp)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda run: _execute(run, base), planned.values()))
    yield planned


def _assert_refused(run: Run, expected: set[int], needle: str = "") -> None:
    what = " ".join(run.argv) or (run.shell or "")
    assert_one_chinese_failure(run.code, run.err, expected, what)
    assert needle in run.err, f"{what}: {needle!r} not in {run.err!r}"
    assert run.after == run.before, f"{what}: files changed"


def test_trap1_a_mistyped_db_path_is_refused_and_nothing_is_created(runs: dict[str, Run]) -> None:
    run = runs["missing"]
    _assert_refused(run, REFUSED, f"{MISSING}mistyped/ledger.db。新建台账请用 dengbao-cli init")
    assert run.after == {} and run.out == ""


def test_trap2_demo_on_a_ledger_with_data_is_refused_and_the_ledger_is_untouched(runs: dict[str, Run]) -> None:
    for name in ("demo-again", "demo-province"):
        _assert_refused(runs[name], REFUSED, DEMO_REFUSED)


def test_trap3_unusable_addresses_and_places(runs: dict[str, Run]) -> None:
    _assert_refused(runs["url-sqlite"], USAGE, "--db")
    _assert_refused(runs["url-mysql"], USAGE, "PostgreSQL")
    assert "geheim" not in runs["url-mysql"].err
    _assert_refused(runs["env-mysql"], USAGE, "DENGBAO_DB_URL")
    _assert_refused(runs["under-a-file"], REFUSED, "不是文件夹")
    if "proc" in runs:
        _assert_refused(runs["proc"], REFUSED, "无法在文件夹")


def test_trap4_a_closed_pipe_ends_quietly(runs: dict[str, Run]) -> None:
    head = runs["head"]
    assert head.code == 0 and "Traceback" not in head.err and head.err == "", head.err
    assert len(head.out.splitlines()) == 1 and "后台管理采用明文HTTP传输" in head.out
    closed = runs["closed-pipe"]
    assert closed.code == 0 and closed.err == "", closed.err
    for run in (head, closed):
        assert run.after == run.before


def test_trap5_a_date_in_another_form_is_a_usage_error(runs: dict[str, Run]) -> None:
    run = runs["bad-date"]
    _assert_refused(run, USAGE, DATE_MESSAGE)
    assert run.err.startswith("错误：") and len(run.err.splitlines()) == 1


def test_trap6_an_unexpected_error_is_one_line_with_the_log_file(runs: dict[str, Run]) -> None:
    run = runs["internal"]
    assert run.code == 1 and "Traceback" not in run.err, run.err
    found = re.fullmatch(r"内部错误：RuntimeError: 模拟的程序错误（详细信息已写入 (.+)）\n", run.err)
    assert found, run.err
    log = Path(found.group(1))
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert run.after == run.before


def test_an_encrypted_ledger_is_untouched_by_a_refused_command(runs: dict[str, Run]) -> None:
    _assert_refused(runs["encrypted"], REFUSED, "找不到定级对象")


@pytest.mark.pg
def test_a_server_database_without_a_ledger_is_refused_and_left_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = os.environ.get("DENGBAO_TEST_PG_URL")
    if not url:
        pytest.skip("DENGBAO_TEST_PG_URL is not set: PostgreSQL server tests skipped")
    import sqlalchemy as sa

    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"dengbao_traps_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at DENGBAO_TEST_PG_URL not reachable: {exc.orig}")
    empty = sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        for argv in (["list", "orgs"], ["check"], ["backup"]):
            code = main(["--url", empty, *argv])
            err = capsys.readouterr().err
            assert_one_chinese_failure(code, err, REFUSED, " ".join(argv))
            assert "服务器数据库中没有台账" in err and "dengbao-cli --url" in err
        engine = sa.create_engine(empty)
        try:
            with engine.connect() as conn:
                assert sa.inspect(conn).get_table_names() == []  # nothing was created there
        finally:
            engine.dispose()
        # demo may fill a new, empty server ledger, and only that
        assert main(["--url", empty, "demo", "--today", TODAY]) == 0
        capsys.readouterr()
        assert main(["--url", empty, "demo"]) == 1
        assert DEMO_REFUSED in capsys.readouterr().err
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
