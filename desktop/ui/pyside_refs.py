"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12 on CPython 3.11.

The root cause of ``Fatal Python error: bool_dealloc`` (and ``none_dealloc``) at exit: the PySide6
6.12 bindings hand back ``None`` from every void method (``QLabel.setText``, ``setChecked`` …)
and pass ``True``/``False`` to the slots of every ``Signal(bool)`` (``toggled``, ``clicked`` …)
without taking the reference the CPython API requires. From CPython 3.12 on these three objects
are immortal and a missing reference costs nothing, which the 6.12 wheels assume; on 3.11 each such
call takes one reference away. ``True`` starts with a few hundred: a session that emits a few
hundred ``toggled(True)`` drives it to zero, and the interpreter aborts as soon as the count
reaches zero, typically when modules are torn down at exit (``tests/ui/test_ui_exit.py`` has a
reproducer that crashes without this module).

:func:`pin_singletons` does on 3.11 what 3.12 does for every interpreter: it gives the three
objects a reference count so large (2⁴⁰) that no session can exhaust it. It changes nothing on
3.12 and later, on other interpreters, or on debug builds (whose object header differs). The lasting
fix is outside the program: a PySide6 built with correct reference counting for 3.11, or Python 3.12.
"""

from __future__ import annotations

import ctypes
import sys

#: references added to each singleton (CPython 3.12 marks immortal objects the same way: a huge count)
PINNED = 1 << 40


def needed() -> bool:
    """True where the missing references hurt: CPython before 3.12, release build."""
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and not hasattr(sys, "gettotalrefcount")  # debug builds carry extra header fields
    )


def pin_singletons() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal; True when it did."""
    if not needed():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < PINNED:
            count.value += PINNED
    return True
