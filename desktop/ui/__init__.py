"""The window program (PySide6). Widgets get plain data from repositories through :mod:`desktop.ui.worker`."""
