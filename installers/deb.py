"""The ``.deb`` of 等保台账 for x86_64 信创 Linux desktops (统信 UOS, 银河麒麟 Kylin), and its install check.

    python installers/build.py --deb [--skip-freeze] [--deb-install-check]

Layout (the UOS application layout; nothing is written outside it but three links for other desktops):

- ``/opt/apps/<APP_ID>/files/``: the frozen one-folder program (``dengbao``, ``dengbao-cli``, ``_internal/``);
- ``/opt/apps/<APP_ID>/entries/applications/<APP_ID>.desktop`` and
  ``entries/icons/hicolor/<n>x<n>/apps/<APP_ID>.png`` (+ ``scalable`` SVG);
- ``/opt/apps/<APP_ID>/info``: the UOS application description (JSON: appid, name, version, arch, permissions);
- ``/usr/bin/dengbao``, ``/usr/bin/dengbao-cli`` and ``/usr/share/applications/<APP_ID>.desktop``: symbolic
  links into ``/opt/apps``, so the programs are on ``PATH`` and Kylin (which does not read
  ``/opt/apps/*/entries``) shows the menu entry. They belong to the package: ``dpkg -r`` removes them.

No maintainer scripts (``DEBIAN/`` holds ``control`` and ``md5sums`` only), so installing changes nothing
but these files; the ledger, its backups and settings live in the user's folder and stay after removal.
``Depends`` lists only libraries both Kylin V10 and UOS 20/25 ship, and ``libc6 (>= floor)`` where the
floor is the highest ``GLIBC_x.y`` any frozen binary asks for (:func:`glibc_floor`, from ``objdump -T``):
a system with an older C library refuses the package instead of failing at start.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_ID = "cn.dengbao.ledger"
PACKAGE = APP_ID  # UOS: the package name is the application id
MAINTAINER = "Dengbao Ledger developers <dengbao-ledger@localhost>"
#: system libraries the frozen Qt program loads from the OS (PyInstaller does not bundle these);
#: package names as both Debian 10 (UOS 20) and Ubuntu 20.04 (Kylin V10) spell them
DEPENDS = (
    "libfontconfig1",
    "libfreetype6",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libgl1",
    "libegl1",
    "libdbus-1-3",
    "libglib2.0-0",
)
RECOMMENDS = ("fonts-noto-cjk | fonts-wqy-microhei", "gnome-keyring | kwalletmanager")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
_GLIBC = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


def debian_version(version: str) -> str:
    """PEP 440 → Debian: pre-releases and development builds sort before the release (``~``)."""
    text = version.strip().lstrip("v")
    text = re.sub(r"\.?(dev|a|b|rc)(\d*)", r"~\1\2", text)
    return text.replace("+", "+local.")


def debian_arch() -> str:
    try:
        out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64", "loongarch64": "loong64"}.get(os.uname().machine, "amd64")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


@dataclass(frozen=True)
class GlibcFloor:
    version: tuple[int, ...]
    #: a file that needs it (the first found)
    needed_by: str
    files_checked: int

    @property
    def text(self) -> str:
        return ".".join(str(n) for n in self.version)


def glibc_floor(folder: Path) -> GlibcFloor:
    """The highest ``GLIBC_`` symbol version any ELF file under ``folder`` imports (``objdump -T``, undefined
    symbols only: what the system's C library must provide)."""
    if shutil.which("objdump") is None:
        raise SystemExit("objdump not found (apt-get install binutils): needed for the glibc floor")
    best: tuple[int, ...] = (2, 0)
    needed_by = ""
    checked = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        if not is_elf(path):
            continue
        checked += 1
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if "*UND*" not in line:
                continue
            found = _GLIBC.search(line)
            if found is None:
                continue
            version = tuple(int(n) for n in found.groups() if n is not None)
            if version > best:
                best, needed_by = version, str(path.relative_to(folder))
    return GlibcFloor(best, needed_by, checked)


def desktop_entry(exec_path: str) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            "Name=Dengbao Ledger",
            "Name[zh_CN]=等保台账",
            "GenericName=Graded protection ledger",
            "GenericName[zh_CN]=网络安全等级保护工作台账",
            "Comment=Grading, filing, testing and rectification records with deadlines",
            "Comment[zh_CN]=定级、备案、测评、整改等工作记录与到期提醒",
            f"Exec={exec_path}",
            f"TryExec={exec_path}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;",
            "Keywords=等保;等级保护;备案;测评;整改;MLPS;",
            "StartupWMClass=dengbao",
            "StartupNotify=true",
            "",
        ]
    )


def info_file(version: str, arch: str) -> str:
    info = {
        "appid": APP_ID,
        "name": "等保台账",
        "version": version,
        "arch": [arch],
        "permissions": {
            "autostart": False,
            "notification": False,
            "trayicon": False,
            "clipboard": True,
            "account": False,
            "bluetooth": False,
            "camera": False,
            "audio_record": False,
            "installed_apps": False,
        },
    }
    return json.dumps(info, ensure_ascii=False, indent=2) + "\n"


def control_file(version: str, arch: str, installed_kib: int, floor: GlibcFloor) -> str:
    depends = [f"libc6 (>= {floor.text})", *DEPENDS]
    return "\n".join(
        [
            f"Package: {PACKAGE}",
            f"Version: {version}",
            f"Architecture: {arch}",
            f"Maintainer: {MAINTAINER}",
            f"Installed-Size: {installed_kib}",
            f"Depends: {', '.join(depends)}",
            f"Recommends: {', '.join(RECOMMENDS)}",
            "Section: utils",
            "Priority: optional",
            "Homepage: https://example.invalid/dengbao-ledger",
            "Description: 等保台账 Dengbao Ledger - graded protection (MLPS) work ledger",
            " 网络安全等级保护工作台账：定级、公安备案、等级测评、问题整改、应急演练与",
            " 上级通知集中记录在一个本地加密台账中，自动计算到期日，打印备案材料。",
            " .",
            " A desktop program for the security officer of a Chinese government body",
            " that keeps the unit's MLPS work in one local, encrypted ledger.",
            "",
        ]
    )


def _copy_icons(icons: Path, entries: Path) -> None:
    for size in ICON_SIZES:
        source = icons / f"dengbao-{size}.png"
        if source.is_file():
            target = entries / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    svg = icons / "dengbao.svg"
    if svg.is_file():
        target = entries / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(svg, target)


def _md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel.as_posix()}")  # noqa: S324 - dpkg's format
    return "\n".join(lines) + "\n"


def _normalise_modes(root: Path) -> None:
    """0755 folders and executables, 0644 other files (a build folder's umask must not leak in)."""
    root.chmod(0o755)  # the package's "./" (a temporary folder is 0700)
    for path in root.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if os.access(path, os.X_OK) or is_elf(path) and ".so" not in path.name else 0o644)


def build_deb(
    app_dir: Path, version: str, out_dir: Path, icons: Path, work: Path, *, compression: str = "xz"
) -> Path:
    """Stage the UOS layout from the frozen ``app_dir`` and pack it with ``dpkg-deb --root-owner-group``.

    ``compression``: ``xz`` (smallest; what a release ships), ``gzip`` (several times faster: CI's install
    check) or ``none``; every dpkg since Debian 10 / Ubuntu 20.04 reads all three."""
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found: the .deb is built on Debian/Ubuntu/UOS/Kylin")
    for name in ("dengbao", "dengbao-cli"):
        if not (app_dir / name).is_file():
            raise SystemExit(f"missing {app_dir / name}: freeze first")
    deb_version = debian_version(version)
    arch = debian_arch()
    work.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="deb-root-", dir=work))
    try:
        base = root / "opt" / "apps" / APP_ID
        files = base / "files"
        shutil.copytree(app_dir, files, symlinks=True)
        for leftover in ("portable.txt", "dengbao.portable"):  # never ship portable mode in a package
            (files / leftover).unlink(missing_ok=True)
        entries = base / "entries"
        applications = entries / "applications"
        applications.mkdir(parents=True)
        (applications / f"{APP_ID}.desktop").write_text(
            desktop_entry(f"/opt/apps/{APP_ID}/files/dengbao"), encoding="utf-8"
        )
        _copy_icons(icons, entries)
        (base / "info").write_text(info_file(deb_version, arch), encoding="utf-8")
        usr_bin = root / "usr" / "bin"
        usr_bin.mkdir(parents=True)
        for name in ("dengbao", "dengbao-cli"):
            (usr_bin / name).symlink_to(f"/opt/apps/{APP_ID}/files/{name}")
        share = root / "usr" / "share" / "applications"
        share.mkdir(parents=True)
        (share / f"{APP_ID}.desktop").symlink_to(f"/opt/apps/{APP_ID}/entries/applications/{APP_ID}.desktop")
        _normalise_modes(root)
        floor = glibc_floor(files)
        installed_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
        debian = root / "DEBIAN"
        debian.mkdir(mode=0o755)
        (debian / "control").write_text(control_file(deb_version, arch, installed_kib, floor), encoding="utf-8")
        (debian / "md5sums").write_text(_md5sums(root), encoding="utf-8")
        for name in ("control", "md5sums"):
            (debian / name).chmod(0o644)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{PACKAGE}_{deb_version}_{arch}.deb"
        partial = target.with_name(target.name + ".partial")
        subprocess.run(
            ["dpkg-deb", "--build", "--root-owner-group", f"-Z{compression}", str(root), str(partial)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.replace(partial, target)
        print(
            f"[build] .deb: {target.name} ({target.stat().st_size / 2**20:.1f} MiB, installed "
            f"{installed_kib / 1024:.0f} MiB); glibc floor {floor.text} (needed by {floor.needed_by}, "
            f"{floor.files_checked} ELF files checked)",
            flush=True,
        )
        return target
    finally:
        shutil.rmtree(root, ignore_errors=True)
