"""Processes `make run` starts die with it, however it dies (Ctrl-C, a crash, ``kill -9``).

A child calls ``die_with_parent()`` first thing. On Linux the kernel then kills it when its parent
goes (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread checks once a second that the parent is there.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# The pid a child must have as its parent; a parent sets it for each child it starts.
PARENT_VARIABLE = "SHOWUP_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def child_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child of this process: ``base`` (default ours) naming us its parent."""
    return {**(os.environ if base is None else base), PARENT_VARIABLE: str(os.getpid())}


def die_with_parent() -> None:
    """Have this process killed when its parent exits; exit now if the parent is already gone."""
    expected = int(os.environ.get(PARENT_VARIABLE) or os.getppid())
    if not _kernel_kills_orphans():
        threading.Thread(target=_watch, args=(expected,), name="lifeline", daemon=True).start()
    # The parent may have died before the kernel was asked: then this process has been adopted.
    if os.getppid() != expected:
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
