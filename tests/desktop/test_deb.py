"""The .deb for Kylin/UOS (installers/deb.py), read back with dpkg-deb itself.

A stand-in frozen folder (real ELF executables copied from the system) keeps these quick: the real
freeze takes minutes and is never run inside pytest. When a real frozen build exists
(``installers/dist/dengbao``), one more test packs it uncompressed, unpacks it with ``dpkg-deb -x`` and
runs the unpacked ``dengbao-cli --help``. Installing (``dpkg -i``/``-r``) happens in ``.ci/run`` only
(installers/deb_check.py): it needs root and changes the machine.
"""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installers"))
import deb  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None or shutil.which("objdump") is None,
    reason="dpkg-deb and objdump (Debian/Ubuntu) are needed to build and read a .deb",
)

ICONS = ROOT / "resources" / "icons"
FROZEN = ROOT / "installers" / "dist" / "dengbao"


def _fake_frozen(folder: Path) -> Path:
    elf = Path(shutil.which("true") or "/bin/true").resolve()
    (folder / "_internal").mkdir(parents=True)
    for name in ("dengbao", "dengbao-cli"):
        shutil.copyfile(elf, folder / name)
        (folder / name).chmod(0o700)  # a build folder's odd modes must not reach the package
    (folder / "_internal" / "data.txt").write_text("x", encoding="utf-8")
    (folder / "portable.txt").write_text("", encoding="utf-8")  # left over from a portable test run
    return folder


def _dpkg(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("deb")
    app = _fake_frozen(base / "dengbao")
    return deb.build_deb(app, "1.2.0rc1", base / "out", ICONS, base / "work", compression="gzip")


def test_control_fields(package: Path) -> None:
    fields = dict(
        line.split(": ", 1) for line in _dpkg("-f", str(package)).splitlines() if ": " in line and line[0] != " "
    )
    assert fields["Package"] == deb.APP_ID
    assert fields["Version"] == "1.2.0~rc1"
    assert fields["Architecture"] == deb.debian_arch()
    assert fields["Depends"].startswith("libc6 (>= 2.")
    for name in ("libfontconfig1", "libxkbcommon-x11-0", "libdbus-1-3"):
        assert name in fields["Depends"]
    assert int(fields["Installed-Size"]) > 0


def test_no_maintainer_scripts(package: Path) -> None:
    listing = subprocess.run(
        ["sh", "-c", f"dpkg-deb --ctrl-tarfile '{package}' | tar -t"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(n.removeprefix("./") for n in listing if n not in ("./", ".")) == ["control", "md5sums"]


def test_uos_layout_and_nothing_elsewhere(package: Path) -> None:
    entries = [line.split() for line in _dpkg("-c", str(package)).splitlines()]
    paths = {e[5].removeprefix("./").rstrip("/"): e for e in entries}
    app = f"opt/apps/{deb.APP_ID}"
    allowed_outside = {
        "usr/bin/dengbao", "usr/bin/dengbao-cli", f"usr/share/applications/{deb.APP_ID}.desktop",
        "", "opt", "opt/apps", "usr", "usr/bin", "usr/share", "usr/share/applications",
    }
    assert all(p.startswith(app) or p in allowed_outside for p in paths), sorted(paths)
    for required in (
        f"{app}/files/dengbao", f"{app}/files/dengbao-cli", f"{app}/info",
        f"{app}/entries/applications/{deb.APP_ID}.desktop",
        f"{app}/entries/icons/hicolor/48x48/apps/{deb.APP_ID}.png",
        f"{app}/entries/icons/hicolor/scalable/apps/{deb.APP_ID}.svg",
    ):
        assert required in paths, required
    assert f"{app}/files/portable.txt" not in paths, "a package never starts in portable mode"
    assert all(e[1] == "root/root" for e in entries)
    assert paths[""][0] == "drwxr-xr-x"
    assert paths[f"{app}/files/dengbao"][0] == "-rwxr-xr-x"
    assert paths[f"{app}/files/_internal/data.txt"][0] == "-rw-r--r--"
    assert paths["usr/bin/dengbao"][0].startswith("l") and f"/{app}/files/dengbao" in " ".join(paths["usr/bin/dengbao"])


def test_desktop_entry_and_info(package: Path, tmp_path: Path) -> None:
    _dpkg("-x", str(package), str(tmp_path))
    app = tmp_path / "opt" / "apps" / deb.APP_ID
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(app / "entries" / "applications" / f"{deb.APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Exec"] == f"/opt/apps/{deb.APP_ID}/files/dengbao"
    assert entry["Icon"] == deb.APP_ID and entry["Name[zh_CN]"] == "等保台账" and entry["Type"] == "Application"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(app / "entries" / "applications" / f"{deb.APP_ID}.desktop")],
            capture_output=True, text=True, check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    info = json.loads((app / "info").read_text(encoding="utf-8"))
    assert info["appid"] == deb.APP_ID and info["arch"] == [deb.debian_arch()] and info["version"] == "1.2.0~rc1"


def test_glibc_floor_reads_what_the_binaries_import(tmp_path: Path) -> None:
    app = _fake_frozen(tmp_path / "f")
    floor = deb.glibc_floor(app)
    assert floor.files_checked == 2 and floor.version >= (2, 2)
    out = subprocess.run(["objdump", "-T", str(app / "dengbao")], capture_output=True, text=True, check=True).stdout
    assert f"GLIBC_{floor.text}" in out


@pytest.mark.parametrize(
    ("pep440", "debian"), [("1.0.0", "1.0.0"), ("1.2rc1", "1.2~rc1"), ("0.9.dev3", "0.9~dev3"), ("2.0b2", "2.0~b2")]
)
def test_debian_version(pep440: str, debian: str) -> None:
    assert deb.debian_version(pep440) == debian


@pytest.mark.skipif(not (FROZEN / "dengbao-cli").is_file(), reason="no frozen build in installers/dist/dengbao")
def test_real_frozen_build_unpacks_and_runs(tmp_path: Path) -> None:
    package = deb.build_deb(FROZEN, "0.0.1", tmp_path / "out", ICONS, tmp_path / "work", compression="none")
    _dpkg("-x", str(package), str(tmp_path / "root"))
    cli = tmp_path / "root" / "opt" / "apps" / deb.APP_ID / "files" / "dengbao-cli"
    result = subprocess.run([str(cli), "--help"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and "--passphrase-stdin" in result.stdout
