"""The Windows build files agree with the code and the repository (no Windows needed).

- the PyInstaller spec ships every data folder the code loads at run time, at the path the code
  computes (a new folder under resources/ cannot be forgotten);
- the Inno Setup script has its sections, the per-user settings, the stable AppId, the version
  placeholder, both languages, and deletes exactly the data folder db.store.storage uses;
- installers/version_info.py renders pyproject's version as a valid VSVersionInfo.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"
SPEC = INSTALLERS / "dengbao.spec"
ISS = INSTALLERS / "dengbao.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-build.yml"
#: never change: Windows finds the installed copy to upgrade by this id
APP_ID = "B01A7492-B2C2-4A6B-BA91-9427FF4DE60B"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def version_info():
    return _load("installers_version_info", INSTALLERS / "version_info.py")


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


# ---------------------------------------------------------------------------------------------
# PyInstaller spec


def spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return [ast.literal_eval(e) for e in node.value.elts if isinstance(e, ast.Constant)]
    raise AssertionError(f"{name} not found in {SPEC.name}")


def test_spec_lists_every_data_folder_in_the_repository():
    listed = set(spec_list("DATA_FOLDERS"))
    present = {
        f"resources/{p.name}"
        for p in (ROOT / "resources").iterdir()
        if p.is_dir() and p.name != "__pycache__"
    } | {"db/migrations"}
    assert present <= listed, f"add {sorted(present - listed)} to DATA_FOLDERS in installers/dengbao.spec"
    missing = [f for f in listed if not (ROOT / f).is_dir()]
    assert not missing, f"DATA_FOLDERS names folders that do not exist: {missing}"


def test_data_lands_where_the_code_looks_for_it():
    """The bundle keeps repository-relative paths; the code must compute them from __file__ the same way."""
    from db.store import migrate

    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() in spec_list("DATA_FOLDERS")
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert list((migrate.MIGRATIONS_DIR / "versions").glob("*.py")), "no Alembic revision files"
    fonts = importlib.util.find_spec("desktop.documents.fonts")
    if fonts is not None:
        from desktop.documents.fonts import BUNDLED_DIR

        assert BUNDLED_DIR.relative_to(ROOT).as_posix() in spec_list("DATA_FOLDERS")


def test_spec_does_not_drop_the_revision_files():
    excluded = spec_list("EXCLUDED_SUFFIXES")
    assert ".py" not in excluded  # Alembic loads env.py and the revisions by path
    assert ".toml" not in excluded and ".ttf" not in excluded and ".qm" not in excluded


@pytest.mark.parametrize(
    "needle",
    [
        'copy_metadata("dengbao-ledger")',
        'copy_metadata("keyring")',
        '"keyring.backends.Windows"',
        'collect_data_files("stdnum")',
        'collect_data_files("phonenumbers")',
        'collect_data_files("reportlab"',
        '"sqlcipher3.dbapi2"',
        '"resources.rules"',
        '"PySide6.QtCharts"',
        '"PySide6.QtPdf"',
        '"PySide6.QtPrintSupport"',
        '"PySide6.QtSvg"',
        '"python_calamine"',
        '"chinese_calendar"',
        'program("dengbao", console=False)',
        'program("dengbao-cli", console=True)',
        "COLLECT(",
        "version_info.write(",
        "dengbao.ico",
    ],
)
def test_spec_carries(needle):
    assert needle in SPEC.read_text(encoding="utf-8")


def test_both_programs_share_one_entry_script():
    text = SPEC.read_text(encoding="utf-8")
    assert '"installers" / "entry.py"' in text
    entry = (INSTALLERS / "entry.py").read_text(encoding="utf-8")
    for needle in ("desktop.cli", "desktop.app", "--self-test", "portable.apply"):
        assert needle in entry


# ---------------------------------------------------------------------------------------------
# Inno Setup script


@pytest.fixture(scope="module")
def iss() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "dengbao.iss must be UTF-8 with a BOM (Chinese messages)"
    return raw.decode("utf-8-sig")


def sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^\[(\w+)\]\s*$", line)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
        elif current is not None:
            out[current].append(line)
    return out


def setup_keys(text: str) -> dict[str, str]:
    keys = {}
    for line in sections(text)["Setup"]:
        if "=" in line and not line.lstrip().startswith((";", "#")):
            k, v = line.split("=", 1)
            keys[k.strip()] = v.strip()
    return keys


def test_iss_has_its_sections(iss):
    for name in (
        "Setup",
        "Languages",
        "CustomMessages",
        "Tasks",
        "InstallDelete",
        "Files",
        "Icons",
        "Run",
        "UninstallDelete",
        "Code",
    ):
        assert name in sections(iss), f"[{name}] missing"


def test_iss_installs_per_user_and_upgrades_in_place(iss):
    keys = setup_keys(iss)
    assert keys["AppId"] == "{{" + APP_ID + "}"
    assert keys["PrivilegesRequired"] == "lowest"
    assert keys["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert keys["DefaultDirName"] == r"{autopf}\DengbaoLedger"  # = %LOCALAPPDATA%\Programs\DengbaoLedger
    assert keys["UsePreviousAppDir"] == "yes"
    assert keys["CloseApplications"] == "yes"
    assert keys["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    # the old program files go before the new ones are copied; the data folder is not named there
    install_delete = "\n".join(sections(iss)["InstallDelete"])
    assert r"{app}\_internal" in install_delete and "localappdata" not in install_delete


def test_iss_takes_the_version_from_the_build(iss):
    keys = setup_keys(iss)
    assert "#ifndef AppVersion" in iss and "#error" in iss
    assert keys["AppVersion"] == "{#AppVersion}"
    assert keys["VersionInfoVersion"] == "{#AppVersionNumeric}"
    assert keys["OutputBaseFilename"] == "DengbaoLedger-{#AppVersion}-setup"
    build = (INSTALLERS / "build.py").read_text(encoding="utf-8")
    assert "/DAppVersion=" in build and 'f"DengbaoLedger-{version}-setup.exe"' in build


def test_iss_offers_chinese_first_and_english(iss):
    langs = [line for line in sections(iss)["Languages"] if line.startswith("Name:")]
    assert 'Name: "chinesesimplified"; MessagesFile: "compiler:Languages\\ChineseSimplified.isl"' in langs[0]
    assert any('"english"' in line and "compiler:Default.isl" in line for line in langs)
    messages = [line.split("=", 1)[0] for line in sections(iss)["CustomMessages"] if "=" in line]
    zh = {m.split(".", 1)[1] for m in messages if m.startswith("chinesesimplified.")}
    en = {m.split(".", 1)[1] for m in messages if m.startswith("english.")}
    assert zh == en and zh, "every custom message needs both languages"
    used = set(re.findall(r"CustomMessage\('(\w+)'\)", iss)) | set(re.findall(r"\{cm:(\w+)", iss))
    builtin = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"}
    assert used - builtin <= zh, f"undefined custom messages: {used - builtin - zh}"


def test_iss_start_menu_desktop_task_and_launch(iss):
    icons = "\n".join(sections(iss)["Icons"])
    assert r"{autoprograms}\{#AppName}" in icons
    assert "Tasks: desktopicon" in icons
    tasks = "\n".join(sections(iss)["Tasks"])
    assert 'Name: "desktopicon"' in tasks and "Flags: unchecked" in tasks


def test_uninstaller_deletes_only_the_ledger_folder_and_only_when_asked(iss):
    from db.store.storage import APP_AUTHOR, APP_NAME

    m = re.search(r'#define DataDir "([^"]+)"', iss)
    assert m and m.group(1) == "{localappdata}\\" + APP_AUTHOR + "\\" + APP_NAME
    code = "\n".join(sections(iss)["Code"])
    assert "DelTree(UserDataDir()" in code
    assert "if (CurUninstallStep = usPostUninstall) and DeleteUserData then" in code
    assert "Check.Checked := False;" in code  # unticked by default
    assert "MB_DEFBUTTON2" in code  # the confirmation defaults to "No"
    assert "/DELETEDATA" in code
    uninstall_delete = "\n".join(sections(iss)["UninstallDelete"])
    assert "localappdata" not in uninstall_delete.lower()


def test_uninstaller_removes_the_settings_the_window_writes(iss):
    m = re.search(r'#define SettingsKey "([^"]+)"', iss)
    assert m
    if importlib.util.find_spec("desktop.ui.settings") is None:
        pytest.skip("desktop.ui.settings not written yet")
    from desktop.ui import settings

    assert m.group(1) == f"Software\\{settings.ORG}\\{settings.APP}"


# ---------------------------------------------------------------------------------------------
# version resource


def test_version_info_reads_pyproject(version_info):
    assert version_info.read_version() == pyproject_version()


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("2.0.1.dev7", (2, 0, 1, 7)),
        ("2.0.1.post3", (2, 0, 1, 3)),
    ],
)
def test_numeric_version(version_info, version, numbers):
    assert version_info.numeric_version(version) == numbers


def test_numeric_version_rejects_nonsense(version_info):
    with pytest.raises(ValueError):
        version_info.numeric_version("latest")
    with pytest.raises(ValueError):
        version_info.numeric_version("1.70000.0")


class _Rec:
    """Stands in for PyInstaller's versioninfo classes: records its arguments."""

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        return (self.name, args, kwargs)


def test_version_info_renders_a_valid_vsversioninfo(version_info):
    version = pyproject_version()
    text = version_info.render(name="dengbao-cli")
    names = (
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    )
    tree = eval(text, {n: _Rec(n) for n in names})  # noqa: S307 - our own generated text, as PyInstaller does
    assert tree[0] == "VSVersionInfo"
    ffi = tree[2]["ffi"]
    assert ffi[2]["filevers"] == version_info.numeric_version(version)
    strings = {}

    def walk(node):
        if isinstance(node, tuple) and node and node[0] == "StringStruct":
            strings[node[1][0]] = node[1][1]
        elif isinstance(node, tuple | list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(tree)
    assert strings["ProductVersion"] == version
    assert strings["FileVersion"] == version
    assert strings["OriginalFilename"] == "dengbao-cli.exe"


def test_version_info_writes_a_file(version_info, tmp_path):
    out = version_info.write(tmp_path / "v.txt", "3.4.5")
    assert "filevers=(3, 4, 5, 0)" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# release workflow


def test_windows_workflow_documents_the_release_build():
    text = WORKFLOW.read_text(encoding="utf-8")
    for needle in (
        "runs-on: windows-latest",
        "actions/setup-python@",
        'python-version: "3.12"',
        "choco install innosetup",
        "python installers/build.py",
        "actions/upload-artifact@",
        "installers/dist/DengbaoLedger-*-setup.exe",
    ):
        assert needle in text, needle
