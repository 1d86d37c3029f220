"""A keyring kept in a JSON file, for tests only: lets a test and the processes it starts (and kills)
share one credential store, as they would share the operating system's.

Select it in a child process with ``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` and
``DENGBAO_TEST_KEYRING_FILE=<path>`` (``tests/support`` on ``PYTHONPATH``); in the test itself,
``keyring.set_keyring(FileKeyring(path))``. Each change replaces the whole file atomically (a kill
leaves the old or the new content, like a real credential store). Never use it outside tests: the
secrets are in plain text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

ENV_FILE = "DENGBAO_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        # never chosen by keyring's own discovery: only where a test named the file
        if not os.environ.get(ENV_FILE):
            raise RuntimeError("file_keyring is for tests that set DENGBAO_TEST_KEYRING_FILE")
        return 1

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ[ENV_FILE])

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _write(self, data: dict[str, str]) -> None:
        partial = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        with partial.open("w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\n{username}"

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data[self._key(service, username)] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.pop(self._key(service, username), None) is None:
            raise PasswordDeleteError(username)
        self._write(data)

    def entries(self) -> dict[str, str]:
        """Everything stored: ``{"service\\naccount": secret}``."""
        return self._read()
