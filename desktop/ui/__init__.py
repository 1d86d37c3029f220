"""The window program (PySide6). Widgets get plain data from repositories through :mod:`desktop.ui.worker`."""

from desktop.ui.pyside_refs import pin_singletons

# before any widget exists: PySide6 6.12 on CPython 3.11 drops references to None/True/False
pin_singletons()
