"""The one script frozen into both ``dengbao`` (windowed) and ``dengbao-cli`` (console).

The executable's own name picks the program, so both share one analysis and one ``_internal``
folder. Before either starts:

- portable mode is applied when ``portable.txt``/``dengbao.portable`` sits beside the executable
  (:mod:`desktop.portable`);
- ``dengbao --self-test`` runs :mod:`desktop.selftest` (so the frozen self-test works even before
  ``desktop.app`` dispatches it itself).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _message(text: str) -> None:
    """Tell the user something before any window exists (a windowed .exe has no console)."""
    if sys.stderr is not None:
        print(text, file=sys.stderr)
    if sys.platform.startswith("win"):
        import ctypes

        from db.domain.identity import APP_TITLE

        ctypes.windll.user32.MessageBoxW(None, text, APP_TITLE, 0x10)


def run() -> int:
    is_cli = Path(sys.executable).stem.lower().endswith("-cli")
    from desktop import portable

    try:
        portable.apply(qt=not is_cli)
    except portable.PortableModeError as exc:
        _message(str(exc))
        return 1
    if is_cli:
        from desktop.cli import main as cli_main

        return cli_main()
    if "--self-test" in sys.argv[1:]:
        from desktop.selftest import main as self_test

        return self_test(sys.argv[1:])
    from desktop.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(run())
