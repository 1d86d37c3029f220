"""Passphrase unlock: the ledger's key wrapped by a key derived from a passphrase.

Where the wrapped key lives, and why. SQLCipher encrypts every page of the ledger, its header
table (``ledger_meta``) included, so nothing inside the file can be read before the key is known: the
wrapped key must live outside it. It is the sidecar ``<ledger>.passphrase.json`` beside the ledger
(like ``<ledger>.audit-head.json``), written atomically (a ``.partial`` file flushed, fsynced, renamed
over the old one, the folder fsynced), so a crash leaves the old or the new wrapping, never half of
one. It survives backup and restore: a restore re-keys the restored copy to the current key
(:mod:`db.store.restore`), so the sidecar keeps opening the ledger; and it names no path, so a ledger
copied with its sidecar (a USB stick) opens with the passphrase anywhere.

What is in it (all public, nothing secret): the KDF (Argon2id via ``argon2-cffi``) and its cost
parameters, a random 16-byte salt, a random 12-byte nonce, and the 32-byte ledger key encrypted
with AES-256-GCM (``cryptography``) under the derived key. The header fields are the GCM associated
data, so a changed parameter makes the passphrase fail instead of weakening it. A wrong passphrase
fails the GCM tag: :class:`WrongPassphraseError`, and nothing is written anywhere.

Changing the passphrase rewrites only the sidecar (the ledger is not re-encrypted). The recovery
key keeps working because the ledger key itself is unchanged.

Costs: the shipped default is Argon2id with 64 MiB, 3 passes, 4 lanes (RFC 9106's second
recommended setting). Tests may lower it by setting the environment variable
``DENGBAO_KDF_TEST_COST=1`` (:data:`ENV_TEST_COST`): 8 MiB, 1 pass, 1 lane. It affects only
passphrases *set* while it is in force (the parameters are stored in the sidecar), and the command
line says so when it is used; it is never the default.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from db.domain.errors import LedgerError, MissingKeyError
from db.store.ledger_files import fsync_dir

SUFFIX = ".passphrase.json"
FORMAT = "dengbao-passphrase-wrap"
VERSION = 1
KDF = "argon2id"
ENV_TEST_COST = "DENGBAO_KDF_TEST_COST"
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
MIN_LENGTH = 8
MAX_LENGTH = 1024


@dataclass(frozen=True)
class KdfCost:
    time_cost: int
    memory_kib: int
    parallelism: int


#: the shipped default (RFC 9106, second recommended option)
DEFAULT_COST = KdfCost(time_cost=3, memory_kib=64 * 1024, parallelism=4)
#: only with DENGBAO_KDF_TEST_COST=1 (tests): cheap, never the default
TEST_COST = KdfCost(time_cost=1, memory_kib=8 * 1024, parallelism=1)
#: what a sidecar may ask for (a forged one must not make the program allocate without bound)
_LIMITS = KdfCost(time_cost=20, memory_kib=1024 * 1024, parallelism=16)


class PassphraseError(LedgerError):
    """A passphrase problem; the message is one Chinese sentence and nothing was changed."""


class WrongPassphraseError(PassphraseError):
    def __init__(self) -> None:
        super().__init__(
            "口令不正确，台账未做任何修改。请重新输入；忘记口令时请改用恢复密钥打开。"
        )


class PassphraseFileError(PassphraseError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"口令文件“{path}”无法使用（{detail}），台账未做任何修改。请用恢复密钥打开台账，然后重新设置口令。"
        )


class PassphraseRequiredError(MissingKeyError):
    """The ledger is protected by a passphrase and none was given (subclass: callers that offer
    the recovery key for a missing key keep doing so)."""

    def __init__(self, path: str) -> None:
        LedgerError.__init__(
            self,
            f"台账“{path}”设置了口令，需要输入口令（命令行加 --passphrase-stdin，从标准输入读取）"
            "或恢复密钥（dengbao-cli unlock 或环境变量 DENGBAO_KEY）才能打开。文件未做任何修改。",
        )


def wrap_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + SUFFIX)


def has_passphrase(ledger: Path) -> bool:
    return wrap_path(ledger).is_file()


def chosen_cost() -> KdfCost:
    return TEST_COST if os.environ.get(ENV_TEST_COST, "").strip() == "1" else DEFAULT_COST


def normalise(passphrase: str) -> bytes:
    """The bytes derived from: NFC (one 汉字 typed through different input methods is one string)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new(passphrase: str) -> None:
    """Refuse a passphrase that is too short, too long or blank (PassphraseError)."""
    if not passphrase.strip():
        raise PassphraseError("口令不能为空。")
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError(f"口令太短：至少需要 {MIN_LENGTH} 个字符（可以用一句中文）。")
    if len(passphrase) > MAX_LENGTH:
        raise PassphraseError(f"口令太长：最多 {MAX_LENGTH} 个字符。")


def derive(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    return hash_secret_raw(
        secret=normalise(passphrase),
        salt=salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _header(cost: KdfCost, salt: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": KDF,
        "time_cost": cost.time_cost,
        "memory_kib": cost.memory_kib,
        "parallelism": cost.parallelism,
        "salt": base64.b64encode(salt).decode("ascii"),
    }


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_wrap(ledger: Path, key: bytes, passphrase: str, cost: KdfCost | None = None) -> None:
    """Wrap ``key`` under ``passphrase`` into the sidecar of ``ledger`` (atomically, durably)."""
    check_new(passphrase)
    cost = cost or chosen_cost()
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    header = _header(cost, salt)
    sealed = AESGCM(derive(passphrase, salt, cost)).encrypt(nonce, key, _aad(header))
    record = {
        **header,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "wrapped_key": base64.b64encode(sealed).decode("ascii"),
    }
    target = wrap_path(ledger)
    partial = target.with_name(target.name + ".partial")
    with partial.open("w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, target)
    fsync_dir(target.parent, quiet=True)


def _read(ledger: Path) -> tuple[dict[str, Any], KdfCost, bytes, bytes, bytes]:
    target = wrap_path(ledger)
    try:
        raw = target.read_bytes()
        if len(raw) > 64 * 1024:
            raise PassphraseFileError(target, "文件过大")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise PassphraseFileError(target, "不是本程序的口令文件")
        if data.get("version") != VERSION or data.get("kdf") != KDF:
            raise PassphraseFileError(target, "由更新版本的程序写入")
        cost = KdfCost(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))
        salt = base64.b64decode(data["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        sealed = base64.b64decode(data["wrapped_key"], validate=True)
    except PassphraseError:
        raise
    except FileNotFoundError as exc:
        raise PassphraseFileError(target, "文件不存在") from exc
    except OSError as exc:
        raise PassphraseFileError(target, exc.strerror or str(exc)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise PassphraseFileError(target, "内容已损坏") from exc
    in_range = (
        1 <= cost.time_cost <= _LIMITS.time_cost
        and 8 * cost.parallelism <= cost.memory_kib <= _LIMITS.memory_kib
        and 1 <= cost.parallelism <= _LIMITS.parallelism
    )
    if not in_range or len(salt) < 8 or len(nonce) != NONCE_BYTES or len(sealed) != KEY_BYTES + 16:
        raise PassphraseFileError(target, "参数超出范围")
    header = _header(cost, salt)
    return header, cost, salt, nonce, sealed


def unwrap(ledger: Path, passphrase: str) -> bytes:
    """The ledger key, or WrongPassphraseError / PassphraseFileError. Reads only the sidecar."""
    header, cost, salt, nonce, sealed = _read(ledger)
    try:
        return AESGCM(derive(passphrase, salt, cost)).decrypt(nonce, sealed, _aad(header))
    except InvalidTag:
        raise WrongPassphraseError() from None


def remove_wrap(ledger: Path) -> None:
    target = wrap_path(ledger)
    for name in (target, target.with_name(target.name + ".partial")):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()
    fsync_dir(target.parent, quiet=True)


def describe_cost(ledger: Path) -> str:
    """The stored KDF parameters in words (for 设置 and ``passphrase status``)."""
    _header_, cost, *_rest = _read(ledger)
    return f"Argon2id，内存 {cost.memory_kib // 1024} MiB，{cost.time_cost} 轮，{cost.parallelism} 路并行"
