"""Child processes tied to their parent: each leads its own process group (so the whole tree can
be stopped at once) and, on Linux, gets SIGTERM from the kernel when its parent dies, kill -9
included. The kernel sends it when the *thread* that started the child ends: start children
from the main thread, or from a thread that lives as long as they should."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_S = 0.2


def _arm_parent_death_signal() -> Callable[[], None] | None:
    """A preexec_fn that asks the kernel for SIGTERM when the parent dies (None off Linux).
    libc is looked up here, in the parent: the child only makes the call."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    parent = os.getpid()

    def arm() -> None:
        if prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent:  # the parent died before the signal was armed
            os.kill(os.getpid(), signal.SIGTERM)

    return arm


def spawn_tied(
    command: list[str], env: Mapping[str, str], output: IO[bytes] | int
) -> subprocess.Popen[bytes]:
    """Start `command` in a new session (its own process group), stdout and stderr to
    `output`, terminated by the kernel when this process (the calling thread) dies."""
    return subprocess.Popen(
        command,
        stdout=output,
        stderr=subprocess.STDOUT,
        env=dict(env),
        start_new_session=True,
        preexec_fn=_arm_parent_death_signal(),
    )


def start_time(pid: int) -> int | None:
    """When a process started (clock ticks after boot, /proc/PID/stat), so a recorded pid is
    not mistaken for a new process that reuses the number; None if there is no live one."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else int(fields[19])


def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def stop_group(pgid: int, grace_s: float) -> None:
    """SIGTERM to every process of the group, SIGKILL to what is left after `grace_s`."""
    for sig, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, grace_s)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not group_members(pgid):
                return
            time.sleep(POLL_S)
