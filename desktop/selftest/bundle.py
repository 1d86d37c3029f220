"""Self-test steps on what the installation carries: version metadata, portable mode, bundled
resources, the validation libraries' data files, and the optional PostgreSQL driver."""

from __future__ import annotations

import platform

from db.domain.identity import APP_TITLE
from desktop.selftest.context import Context, Warn, bundle_root, frozen


def step_environment(ctx: Context) -> str:
    from db.store.migrate import app_version

    version = app_version()
    if frozen() and version.endswith("+source"):
        raise RuntimeError(
            "package metadata for dengbao-ledger missing from the bundle (app_version unknown)"
        )
    where = "frozen" if frozen() else "source"
    return (
        f"{APP_TITLE} {version}, {where}, Python {platform.python_version()} on {platform.platform(terse=True)}"
    )


def step_portable(ctx: Context) -> str:
    from desktop import portable

    root = portable.detect_portable()
    if root is not None:
        return f"portable mode: data in {root / 'data'}"
    folder = portable.program_dir()
    if folder is None:
        return "installed mode (running from source: portable markers are not looked for)"
    return f"installed mode (no {' / '.join(portable.MARKERS)} beside {folder})"


def step_resources(ctx: Context) -> str:
    from db.domain.rules import all_rule_sets

    root = bundle_root() / "resources"
    rules = all_rule_sets()
    fonts = sorted(p.name for p in (root / "fonts").glob("*.ttf"))
    if not fonts:
        raise FileNotFoundError(f"no bundled fonts in {root / 'fonts'}")
    licences = sorted(p.name for p in (root / "fonts").glob("OFL*.txt"))
    if not licences:
        raise FileNotFoundError("OFL licence files missing beside the bundled fonts")
    qm = sorted(p.name for p in (root / "translations").glob("*.qm"))
    icons = (
        sorted(p.name for p in (root / "icons").glob("*") if p.is_file()) if (root / "icons").is_dir() else []
    )
    return (
        f"{len(rules)} rule sets, {len(fonts)} fonts + {len(licences)} licences, "
        f"{len(qm)} translations, {len(icons)} icons"
    )


def step_libraries(ctx: Context) -> str:
    import datetime as dt

    import chinese_calendar
    import idna
    import phonenumbers
    from stdnum.cn import ric, uscc

    if not uscc.is_valid("91110000600037341L"):
        raise RuntimeError("stdnum.cn.uscc rejected a valid code")
    ric.validate("110101199003070134")  # needs stdnum's bundled loc.dat (region codes)
    number = phonenumbers.parse("13800138000", "CN")
    if not phonenumbers.is_valid_number(number):
        raise RuntimeError("phonenumbers: a valid CN mobile number was rejected")
    if idna.encode("政府.政务").decode() != "xn--mxtq1m.xn--zfr164b":
        raise RuntimeError("idna encoded 政府.政务 wrongly")
    if chinese_calendar.is_workday(dt.date(2025, 10, 1)):
        raise RuntimeError("chinese_calendar: 2025-10-01 (National Day) reported as a working day")
    return "stdnum (uscc, ric/loc.dat), phonenumbers, idna, chinese_calendar"


def step_server_driver(ctx: Context) -> str:
    try:
        import psycopg
        import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401 - the dialect SQLAlchemy loads by name
    except ImportError as exc:
        raise Warn(f"PostgreSQL driver not bundled ({exc}); server mode unavailable") from exc
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__})"
