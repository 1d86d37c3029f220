"""What keeps ``dengbao-cli`` from surprising its user: Chinese usage errors, strict argument types,
checks on where the ledger is, and one-line reports of unexpected errors.

- :class:`CliParser`: an ``argparse`` parser whose help headings and usage errors are Chinese; a usage
  error is one line on stderr and exit code 2.
- :func:`iso_date`, :func:`record_id`, :func:`count`, :func:`non_empty`: argument types with Chinese
  messages (``argparse`` turns their :class:`argparse.ArgumentTypeError` into a usage error).
- :class:`UsageError`: a usage problem found after parsing (a ``--url`` that is no PostgreSQL address);
  the command line reports it like an ``argparse`` error, with exit code 2.
- :func:`ledger_target`, :func:`check_server_url`, :func:`missing_ledger_message`, :func:`check_creatable`:
  where the ledger is, checked before anything is opened (shared by :mod:`desktop.cli.program` and the
  maintenance commands).
- :func:`today_of`: the ``--today`` of a command, else today.
- :func:`log_internal_error`: the traceback of an unexpected error goes to a log file in the per-user
  log folder, not to the terminal.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any

from db.domain.identity import APP_AUTHOR, APP_NAME, CLI_PROGRAM

LOG_FILE_NAME = "dengbao-cli-errors.log"
#: the log keeps only the most recent errors: past this size it starts over
LOG_MAX_BYTES = 1024 * 1024

DATE_EXAMPLE = "2026-12-01"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: the dates a command accepts (``--today``): later ones overflow date arithmetic near the year 9999
FIRST_DATE, LAST_DATE = date(1990, 1, 1), date(2100, 12, 31)
#: the largest record number (SQLite's and PostgreSQL's 64-bit integer)
MAX_ID = 2**63 - 1
#: the largest number of days or rows (``--days``, ``--limit``): 100 years
MAX_COUNT = 36_500
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


class UsageError(Exception):
    """A usage problem found after ``argparse`` (exit code 2); the message is Chinese.

    ``command``: the subcommand whose ``--help`` explains the right usage (None: the global options).
    """

    def __init__(self, message: str, *, command: str | None = None) -> None:
        super().__init__(message)
        self.command = command


def has_chinese(text: str) -> bool:
    return _CJK_RE.search(text) is not None


# --------------------------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------------------------

_ARGPARSE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the following arguments are required: (.*)$", re.S), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$", re.S), "无法识别的参数：{0}"),
    (re.compile(r"^one of the arguments (.*) is required$", re.S), "必须指定以下参数之一：{0}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$", re.S), "选项 {0} 不明确，可能是：{1}"),
    (re.compile(r"^unexpected option string: (.*)$", re.S), "意外的选项：{0}"),
    (re.compile(r"^argument (\S+): (.*)$", re.S), "参数 {0}：{1}"),
]
_ARGUMENT_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^invalid choice: (.*) \(choose from (.*)\)$", re.S), "无效的取值 {0}（可选：{1}）"),
    (re.compile(r"^invalid (\S+) value: (.*)$", re.S), "无效的值 {1}"),
    (re.compile(r"^expected one argument$"), "需要一个值"),
    (re.compile(r"^expected at most one argument$"), "最多接受一个值"),
    (re.compile(r"^expected at least one argument$"), "至少需要一个值"),
    (re.compile(r"^expected (\d+) arguments?$"), "需要 {0} 个值"),
    (re.compile(r"^not allowed with argument (.*)$", re.S), "不能与 {0} 同时使用"),
    (re.compile(r"^ignored explicit argument (.*)$", re.S), "不接受取值 {0}"),
]


def translate_argparse_message(message: str) -> str:
    """``argparse``'s English error messages in Chinese (messages from our own types pass unchanged)."""
    for pattern, template in _ARGPARSE_MESSAGES:
        found = pattern.match(message)
        if found is None:
            continue
        parts = list(found.groups())
        if template.startswith("参数"):
            parts[1] = _translate_argument_message(parts[1])
        return template.format(*parts)
    return message


def _translate_argument_message(message: str) -> str:
    for pattern, template in _ARGUMENT_MESSAGES:
        found = pattern.match(message)
        if found is not None:
            return template.format(*found.groups())
    return message


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class CliParser(argparse.ArgumentParser):
    """``argparse`` with Chinese help headings and one-line Chinese usage errors (exit code 2).

    ``add_subparsers().add_parser`` makes parsers of the same class, so subcommands inherit this.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False  # our own -h, with a Chinese help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示此帮助并退出"
            )
        if self.prog == CLI_PROGRAM:  # the top-level parser: one per run
            from db.store import keys  # noqa: PLC0415

            keys.reset_passphrase()
            if portable_copy():  # portable mode: the passphrase is the way in, asked on standard input
                keys.use_passphrase(read_passphrase)
            add_passphrase_option(self)

    def error(self, message: str) -> Any:  # argparse's signature says NoReturn
        self.exit(2, usage_error_line(translate_argparse_message(message), self.prog))


# --------------------------------------------------------------------------------------------
# the passphrase (--passphrase-stdin)
# --------------------------------------------------------------------------------------------


def read_passphrase(new: bool) -> str:
    """One passphrase from standard input: typed without echo on a terminal (twice when ``new``),
    else the first line of the input (the line end is not part of it). Never echoed or logged."""
    from db.store.passphrase import PassphraseError  # noqa: PLC0415

    if sys.stdin is not None and sys.stdin.isatty():
        import getpass  # noqa: PLC0415

        text = getpass.getpass("新口令：" if new else "口令：")
        if new and getpass.getpass("再次输入新口令：") != text:
            raise PassphraseError("两次输入的口令不一致，未做任何修改。")
        return text
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise PassphraseError("--passphrase-stdin：标准输入中没有口令（应为第一行），未做任何修改。")
    return line.removesuffix("\n").removesuffix("\r")


def portable_copy() -> bool:
    """True in a portable copy of the program (a ``portable.txt`` marker, :mod:`desktop.portable`); not when
    ``DENGBAO_PORTABLE_DIR`` was merely set by hand."""
    from desktop import portable  # noqa: PLC0415

    paths = portable.current()
    return paths is not None and paths.marker is not None


class _PassphraseStdin(argparse.Action):
    """``--passphrase-stdin``: the passphrase is read from standard input when the ledger needs it."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None) -> None:
        from db.store import keys  # noqa: PLC0415

        setattr(namespace, self.dest, True)
        if not keys.passphrase_given():
            keys.use_passphrase(read_passphrase)


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    """``--passphrase-stdin`` on ``parser`` (the top-level one; ``init`` and ``unlock`` take it too)."""
    parser.add_argument(
        "--passphrase-stdin",
        nargs=0,
        action=_PassphraseStdin,
        default=argparse.SUPPRESS,
        help="从标准输入读取台账口令（第一行；在终端中不回显）；新建台账时用它保护密钥",
    )


def usage_error_line(message: str, prog: str = "dengbao-cli") -> str:
    return f"错误：{message}（用法见 {prog} --help）\n"


# --------------------------------------------------------------------------------------------
# argument types
# --------------------------------------------------------------------------------------------


def iso_date(text: str) -> date:
    """``YYYY-MM-DD`` only (no other ISO forms, no slashes), from :data:`FIRST_DATE` to :data:`LAST_DATE`."""
    if not _DATE_RE.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，例如 {DATE_EXAMPLE}：收到 {text}")
    try:
        value = datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"不是有效的日期：{text}，格式应为 YYYY-MM-DD，例如 {DATE_EXAMPLE}"
        ) from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise argparse.ArgumentTypeError(
            f"日期超出范围：{text}，应在 {FIRST_DATE.isoformat()} 至 {LAST_DATE.isoformat()} 之间"
        )
    return value


def record_id(text: str) -> int:
    """A record number as shown by ``dengbao-cli list``: a positive whole number up to :data:`MAX_ID`."""
    value = _whole_number(text)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"编号应为正整数（见 dengbao-cli list 的第一列）：收到 {_shown(text)}"
        )
    if value > MAX_ID:
        raise argparse.ArgumentTypeError(f"编号超出范围（最大 {MAX_ID}）：收到 {_shown(text)}")
    return value


def count(text: str) -> int:
    """A number of days or rows: zero to :data:`MAX_COUNT`."""
    value = _whole_number(text)
    if value is None or not 0 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"应为 0 至 {MAX_COUNT:,} 之间的整数：收到 {_shown(text)}")
    return value


def _whole_number(text: str) -> int | None:
    """The integer ``text`` spells (up to 100 digits), else None."""
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,100}", stripped):
        return None
    return int(stripped)


def _shown(text: str) -> str:
    """An argument as echoed in a message: long ones cut short."""
    return text if len(text) <= 40 else f"{text[:40]}…（共 {len(text)} 个字符）"


def non_empty(text: str) -> str:
    """A path or address that must not be empty (an empty ``--db`` would silently mean the default)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("不能为空")
    return text


def print_import_outcome(lines: list[str], ok: bool, dry_run: bool, written: bool) -> int:
    """An import's plan lines, then what happened to the ledger; the exit code (0, or 1 with errors)."""
    for line in lines:
        print(line)
    if not ok:
        print("存在错误，未写入任何内容。请修改文件后重新导入。", file=sys.stderr)
    elif dry_run:
        print("试运行：未写入台账。")
    elif written:
        print("已导入。")
    else:
        print("没有需要写入的变化。")
    return 0 if ok else 1


def server_address(text: str) -> str:
    """A server ledger's address (``postgresql+psycopg://user@host/db``): not empty; checked when used."""
    return non_empty(text)


def today_of(args: argparse.Namespace) -> date:
    """The command's ``--today`` (parsed by :func:`iso_date`), else today."""
    given = getattr(args, "today", None)
    return given if isinstance(given, date) else date.today()


# --------------------------------------------------------------------------------------------
# where the ledger is
# --------------------------------------------------------------------------------------------

_SERVER_EXAMPLE = "postgresql+psycopg://user@host/db"


def hide_password(url: str) -> str:
    """The URL with any password replaced by ``***`` (for messages), even when it does not parse."""
    return re.sub(r"(://[^:/@\s]*):[^@/\s]*@", r"\1:***@", url)


def check_server_url(url: str, *, source: str = "--url") -> None:
    """Refuse a server address this program cannot use before anything connects.

    Malformed, not PostgreSQL, or a ``sqlite:`` address: :class:`UsageError` (exit code 2). A PostgreSQL
    driver that is not installed: :class:`db.domain.errors.LedgerError` (exit code 1).
    """
    from sqlalchemy.engine import make_url  # noqa: PLC0415
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError  # noqa: PLC0415

    from db.domain.errors import LedgerError  # noqa: PLC0415

    shown = hide_password(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise UsageError(
            f"{source} 不是有效的数据库地址：{shown}。服务器台账的地址形如 {_SERVER_EXAMPLE}"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        raise UsageError(
            f"{source} 只用于服务器台账（PostgreSQL），本地台账文件请用 --db PATH 指定：收到 {shown}"
        )
    if backend != "postgresql":
        raise UsageError(
            f"{source} 指定的数据库类型“{backend}”不受支持：台账服务器只能是 PostgreSQL"
            f"（地址形如 {_SERVER_EXAMPLE}）。收到 {shown}"
        )
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise UsageError(
            f"{source} 指定的 PostgreSQL 驱动“{parsed.get_driver_name()}”不受支持：请用 {_SERVER_EXAMPLE}。"
            f"收到 {shown}"
        ) from None
    except ImportError as exc:
        raise LedgerError(
            f"未安装连接 PostgreSQL 所需的驱动“{parsed.get_driver_name()}”（{exc}）。"
            '请安装服务器组件：pip install "dengbao-ledger[server]"'
        ) from None


def ledger_target(args: argparse.Namespace, *, create: bool) -> tuple[str | None, Path | None]:
    """(server URL, file path) of the ledger the arguments name, checked before anything is opened.

    A server address must be a usable PostgreSQL URL (:class:`UsageError` otherwise). A ledger file
    must exist unless ``create``; then its folder must be creatable and writable (``LedgerError``).
    """
    from db.domain.errors import LedgerError  # noqa: PLC0415
    from db.store.storage import ENV_URL, resolve_target  # noqa: PLC0415

    url, path = resolve_target(args.db, args.url)
    if url is not None:
        check_server_url(url, source="--url" if args.url else f"环境变量 {ENV_URL}")
        return url, None
    assert path is not None
    try:
        exists = path.exists()
    except OSError as exc:
        raise LedgerError(f"无法访问台账文件 {path}：{exc.strerror or exc}") from exc
    if not exists:
        if not create:
            # named as the user typed it (the path itself is resolved: links and ``..`` followed)
            raise LedgerError(missing_ledger_message(Path(args.db) if args.db else path))
        check_creatable(path)
    return None, path


def missing_ledger_message(path: Path) -> str:
    return f"台账文件不存在：{path}。新建台账请用 dengbao-cli init"


def check_creatable(path: Path) -> None:
    """Before a new ledger file is made at ``path``: its folder must exist or be creatable and be writable.

    Raises :class:`db.domain.errors.LedgerError` naming the obstacle; creates nothing that stays.
    """
    from db.domain.errors import LedgerError  # noqa: PLC0415

    folder = path.parent
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise LedgerError(f"无法在此处新建台账：{existing} 是一个文件，不是文件夹。请换一个台账路径。")
    try:
        # a probe file created and removed at once: the only sure test on every platform
        with tempfile.TemporaryFile(dir=existing, prefix=".dengbao-probe-"):
            pass
    except OSError as exc:
        raise LedgerError(
            f"无法在文件夹 {existing} 中新建台账（{exc.strerror or exc}）。请换一个可写的位置。"
        ) from None


# --------------------------------------------------------------------------------------------
# unexpected errors
# --------------------------------------------------------------------------------------------


def log_folder() -> Path:
    """The per-user log folder (``data/logs`` beside the program in portable mode)."""
    portable = os.environ.get("DENGBAO_PORTABLE_DIR", "").strip()
    if portable:
        return Path(portable) / "data" / "logs"
    import platformdirs  # noqa: PLC0415

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def log_internal_error(exc: BaseException, argv: list[str] | None = None) -> Path:
    """Append the traceback of ``exc`` to the command line's error log; return the log file.

    Raises OSError when the log cannot be written.
    """
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    mode = "a"
    try:
        if path.stat().st_size > LOG_MAX_BYTES:
            mode = "w"
    except OSError:
        pass
    shown = " ".join(hide_password(a) for a in (argv if argv is not None else sys.argv[1:]))
    with path.open(mode, encoding="utf-8") as fh:
        fh.write(f"==== {datetime.now():%Y-%m-%d %H:%M:%S}  dengbao-cli {shown}\n")
        fh.write("".join(traceback.format_exception(exc)))
        fh.write("\n")
    return path


def internal_error_line(exc: BaseException, argv: list[str] | None = None) -> str:
    """The one line the user sees for an unexpected error (the traceback goes to the log)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    summary = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    try:
        where = f"详细信息已写入 {log_internal_error(exc, argv)}"
    except OSError as log_exc:
        where = f"详细信息无法写入日志：{log_exc.strerror or log_exc}"
    return f"内部错误：{summary}（{where}）"


def silence_stdout() -> None:
    """After a broken pipe (``dengbao-cli list … | head``): send further output, including the final
    flush at exit, to the null device so Python prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
