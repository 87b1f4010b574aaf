"""The language runner: one fresh process per language, ``jobs`` at a time.

A process per language because Sphinx keeps one translator per process (ARCHITECTURE
§7); forked, so what the parent loaded (Sphinx, the builders, the fonts) is shared.
Written on ``multiprocessing.Process`` and a pipe per language rather than a pool:
``multiprocessing.Pool`` waits forever for a worker that was killed (out of memory, a
signal), and ``ProcessPoolExecutor`` cannot give each task a fresh forked process. Here
a process that ends without sending its result stops the run at once with a clear
error; the other languages' processes are ended, and the caller's ``with`` blocks (the
build lock, the staging folder) unwind normally.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Sequence

from samizdat.core.errors import WorkerDied


def _child(work: Callable[[Any], Any], task: Any, conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        result = ("ok", work(task))
    except BaseException:  # sent to the parent, which raises it there
        result = ("error", traceback.format_exc())
    conn.send(result)
    conn.close()


def run_each(work: Callable[[Any], Any], tasks: Sequence[Any], jobs: int, on_result: Callable[[Any], None],
             name: Callable[[Any], str] = str) -> None:
    """Run ``work(task)`` for every task in a fresh forked process, at most ``jobs`` at
    once; call ``on_result`` in this process as each finishes."""
    ctx = multiprocessing.get_context("fork")
    pending = list(tasks)
    running: dict[Any, tuple[multiprocessing.Process, Connection, Any]] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                task = pending.pop(0)
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_child, args=(work, task, send), daemon=True)
                proc.start()
                send.close()
                running[recv] = (proc, recv, task)
            ready = wait([*running.keys(), *(p.sentinel for p, _c, _t in running.values())])
            for conn in list(running):
                proc, recv, task = running[conn]
                if conn in ready or proc.sentinel in ready:
                    try:
                        status, payload = recv.recv()
                    except (EOFError, OSError):
                        proc.join()
                        raise WorkerDied(f"the process building {name(task)} died (exit code {proc.exitcode}: killed, "
                                         "or out of memory) before it finished; nothing was published") from None
                    proc.join()
                    recv.close()
                    del running[conn]
                    if status == "error":
                        raise RuntimeError(f"building {name(task)} failed:\n{payload}")
                    on_result(payload)
    finally:
        for proc, recv, _task in running.values():
            if proc.is_alive():
                proc.kill()
            proc.join()
            recv.close()
