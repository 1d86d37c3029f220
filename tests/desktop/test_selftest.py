"""``dengbao --self-test`` from source, offscreen, and portable-mode detection."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from desktop import portable, selftest

#: the steps that must pass on any machine that can run the tests (the window is checked below)
CORE_STEPS = ("environment", "resources", "ledger", "pdf", "workbook", "libraries", "qt", "qt-modules")


def _run(steps=selftest.STEPS) -> tuple[int, dict[str, str], str]:
    out = io.StringIO()
    code = selftest.run_self_test(out, steps=steps)
    text = out.getvalue()
    status = {}
    for line in text.splitlines():
        head, _, _rest = line.partition(":")
        parts = head.split(" ", 1)
        if len(parts) == 2 and parts[0] in ("OK", "WARN", "FAIL"):
            status[parts[1]] = parts[0]
    return code, status, text


@pytest.fixture(scope="module")
def report() -> tuple[int, dict[str, str], str]:
    return _run()


def test_every_step_reports_one_line(report):
    _code, status, text = report
    assert [name for name, _f, _r in selftest.STEPS] == list(status), text


def test_core_steps_pass_from_source(report):
    _code, status, text = report
    for name in CORE_STEPS:
        assert status[name] == "OK", text


def test_main_window_constructs_offscreen(report):
    code, status, text = report
    if status["window"] == "FAIL" and "main window not found" in text:
        pytest.skip("desktop.ui has no MainWindow yet")
    assert status["window"] == "OK", text
    assert code == 0, text


def test_self_test_leaves_the_environment_as_it_was(monkeypatch, tmp_path):
    monkeypatch.setenv("DENGBAO_DB_URL", "sqlite:///nowhere.db")
    monkeypatch.delenv("DENGBAO_PORTABLE_DIR", raising=False)
    steps = tuple(s for s in selftest.STEPS if s[0] in ("environment", "ledger"))
    code, status, text = _run(steps)
    assert code == 0 and status == {"environment": "OK", "ledger": "OK"}, text
    assert os.environ["DENGBAO_DB_URL"] == "sqlite:///nowhere.db"
    assert "DENGBAO_PORTABLE_DIR" not in os.environ
    assert "DENGBAO_KEY" not in os.environ


def test_self_test_never_touches_the_keyring(memory_keyring):
    steps = tuple(s for s in selftest.STEPS if s[0] in ("ledger", "keyring"))
    code, _status, text = _run(steps)
    assert code == 0, text
    assert memory_keyring.store == {}


def test_a_failing_required_step_fails_the_run():
    def broken(_ctx):
        raise RuntimeError("bundled file missing")

    steps = (*[s for s in selftest.STEPS if s[0] == "environment"], ("broken", broken, True))
    code, status, text = _run(steps)
    assert code == 1
    assert status["broken"] == "FAIL"
    assert "FAIL broken: RuntimeError: bundled file missing" in text
    assert "SELF-TEST FAILED: broken" in text


def test_an_optional_step_or_warning_does_not_fail_the_run():
    def optional(_ctx):
        raise ImportError("no psycopg")

    def warns(_ctx):
        raise selftest.Warn("no keyring")

    code, status, text = _run((("optional", optional, False), ("warns", warns, True)))
    assert code == 0, text
    assert status == {"optional": "WARN", "warns": "WARN"}


def test_main_parses_the_log_option(tmp_path, monkeypatch):
    log = tmp_path / "out.txt"
    calls = {}

    def fake(stream=None, **_kw):
        stream.write("OK fake: yes\n")
        calls["ran"] = True
        return 0

    monkeypatch.setattr(selftest.runner, "run_self_test", fake)  # main() runs the runner's own
    assert selftest.main(["--self-test", "--self-test-log", str(log)]) == 0
    assert calls["ran"]
    assert log.read_text(encoding="utf-8") == "OK fake: yes\n"


# ---------------------------------------------------------------------------------------------
# portable mode


@pytest.fixture
def no_portable_env(monkeypatch):
    monkeypatch.delenv(portable.ENV_DIR, raising=False)
    yield
    os.environ.pop(portable.ENV_DIR, None)


@pytest.mark.parametrize("marker", portable.MARKERS)
def test_marker_beside_the_executable_is_detected(tmp_path, marker):
    (tmp_path / marker).write_text("", encoding="utf-8")
    assert portable.detect_portable(tmp_path) == tmp_path


def test_no_marker_no_portable(tmp_path):
    (tmp_path / "portable.txt.bak").write_text("", encoding="utf-8")
    (tmp_path / "portable").mkdir()  # a folder is not a marker
    assert portable.detect_portable(tmp_path) is None


def test_source_checkout_is_never_portable(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    assert portable.program_dir() is None
    assert portable.detect_portable() is None


def test_frozen_program_looks_beside_sys_executable(monkeypatch, tmp_path):
    exe = tmp_path / "DengbaoLedger" / "dengbao.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert portable.detect_portable() is None
    (exe.parent / "portable.txt").write_text("", encoding="utf-8")
    assert portable.detect_portable() == exe.parent.resolve()


def test_apply_is_a_no_op_when_not_portable(tmp_path, no_portable_env):
    assert portable.apply(tmp_path, qt=False) is None
    assert portable.ENV_DIR not in os.environ
    assert not (tmp_path / "data").exists()


def test_apply_moves_data_and_settings_beside_the_program(tmp_path, no_portable_env):
    from PySide6.QtCore import QSettings

    from db.store.storage import default_data_dir, default_ledger_path

    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    restore = selftest.qsettings_restorer()
    try:
        paths = portable.apply(tmp_path)
        assert paths is not None
        assert paths.root == tmp_path
        assert paths.marker == tmp_path / "portable.txt"
        assert os.environ[portable.ENV_DIR] == str(tmp_path)
        assert default_data_dir() == tmp_path / "data" == paths.data_dir
        assert default_ledger_path().parent == tmp_path / "data"
        assert paths.settings_dir.is_dir()
        settings = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "Dengbao", "DengbaoLedger")
        assert Path(settings.fileName()).resolve().is_relative_to(paths.settings_dir.resolve())
    finally:
        restore()


def test_apply_reports_a_read_only_program_folder(tmp_path, no_portable_env):
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    (tmp_path / "data").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(portable.PortableModeError, match="便携模式"):
        portable.apply(tmp_path, qt=False)


def test_the_throwaway_keyring_is_never_picked_by_keyring_itself():
    """keyring considers every KeyringBackend subclass; the self-test's stand-in must not win."""
    from keyring.backend import get_all_keyring

    assert selftest.ThrowawayKeyring.viable is False
    assert not any(isinstance(k, selftest.ThrowawayKeyring) for k in get_all_keyring())
