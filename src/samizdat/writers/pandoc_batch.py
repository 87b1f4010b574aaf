"""One ``pandoc lua`` process per builder instead of one pandoc process per module and
format (ARCHITECTURE §7: pandoc's start-up is a third of a call, and the PPTX/DOCX/ODT
writers load their reference data every time).

Jobs are queued while the builder goes on laying out the next module; a feeder thread
hands them to pandoc, which converts them concurrently on the other core. ``finish``
waits, runs each job's follow-up (CSP, property scrubbing) and returns the failures,
with pandoc's warnings counted as failures as ``--fail-if-warnings`` would."""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from samizdat.core.errors import Problem
from samizdat.writers.deck import pandoc_path, pandoc_problem

SCRIPT = Path(__file__).with_name("pandoc_batch.lua")


@dataclass
class PandocJob:
    """One conversion to ``to`` at ``output``, then ``then(output)``; the document is given
    to ``submit`` already serialized (a queued job keeps only bytes, not the AST)."""

    key: str  # what a failure is reported against (the docname)
    to: str
    output: Path
    standalone: bool = False
    slide_level: int | None = None
    reference_doc: Path | None = None
    variables: dict[str, str | list[str]] = field(default_factory=dict)
    then: Callable[[Path], None] | None = None


@dataclass(frozen=True)
class PandocFailure:
    key: str
    message: str

    @property
    def problem(self) -> Problem:
        return pandoc_problem(self.key, self.message)


class PandocBatch:
    """Queue conversions with ``submit``; collect them with ``finish``."""

    def __init__(self) -> None:
        self._jobs: dict[int, PandocJob] = {}
        self._ids = itertools.count(1)
        # bounded: when pandoc falls behind, the builder waits instead of piling up documents
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=32)
        self._proc: subprocess.Popen | None = None
        self._feeder: threading.Thread | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None

    def _start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="samizdat-pandoc-")
        tmp = Path(self._tmp.name)
        self._results = tmp / "results.jsonl"
        self._stderr = (tmp / "stderr.txt").open("wb")
        self._proc = subprocess.Popen([pandoc_path(), "lua", str(SCRIPT), str(self._results)],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr)
        self._feeder = threading.Thread(target=self._feed, name="pandoc-feeder", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        broken = False
        while (chunk := self._queue.get()) is not None:
            if broken:
                continue  # pandoc stopped: keep draining, so no builder waits on a full queue
            try:
                self._proc.stdin.write(chunk)
                self._proc.stdin.flush()
            except BrokenPipeError:
                broken = True  # finish() reports the jobs that have no result
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass

    def submit(self, job: PandocJob, document: str) -> None:
        """Queue ``job`` for ``document``, a Pandoc AST as JSON."""
        if self._proc is None:
            self._start()
        job.output.parent.mkdir(parents=True, exist_ok=True)
        ident = next(self._ids)
        self._jobs[ident] = job
        options = {
            "id": ident, "to": job.to, "output": str(job.output), "standalone": job.standalone,
            "slide_level": job.slide_level, "variables": job.variables,
            "reference_doc": str(job.reference_doc) if job.reference_doc else None,
        }
        self._queue.put(json.dumps(options, ensure_ascii=False).encode("utf-8") + b"\n" + document.encode("utf-8") + b"\n")

    def finish(self) -> list[PandocFailure]:
        """Wait for every queued job; run the follow-ups of those that succeeded."""
        if self._proc is None:
            return []
        self._queue.put(None)
        assert self._feeder is not None
        self._feeder.join()
        self._proc.wait()
        self._stderr.close()
        done: dict[int, dict] = {}
        if self._results.is_file():
            for line in self._results.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    res = json.loads(line)
                    done[int(res["id"])] = res
        stderr = (Path(self._tmp.name) / "stderr.txt").read_text(encoding="utf-8", errors="replace").strip() if self._tmp else ""
        failures: list[PandocFailure] = []
        for ident, job in self._jobs.items():
            res = done.get(ident)
            if res is None:
                message = f"pandoc stopped before writing {job.output.name}: {stderr[-500:] or 'no message'}"
            elif res.get("error"):
                message = str(res["error"])
            elif res.get("warnings"):
                message = "; ".join(res["warnings"])
            else:
                if job.then is not None:
                    job.then(job.output)
                continue
            job.output.unlink(missing_ok=True)  # a half-made file must not look up to date
            failures.append(PandocFailure(job.key, message))
        self._jobs.clear()
        self._proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        return failures
