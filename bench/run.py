"""``make bench``: samizdat against the tool-by-tool baseline on the shipped curriculum
(all four languages, every output), then a scale run on a generated curriculum.

Scenarios: cold build (no build/, no caches), no-op rebuild, one paragraph of one module
changed, one translation in one catalog changed. Prints a table and writes
bench/results.json. BENCH_RUNS (default 3) sets the runs per scenario (medians are
reported), BENCH_BASELINE_RUNS (default: the same) the baseline's; BENCH_SCALE
(default 200; 0 skips) the modules of the scale run."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# the baseline takes minutes per scenario and varies little: BENCH_BASELINE_RUNS=1 saves half an hour
BASELINE_RUNS = int(os.environ.get("BENCH_BASELINE_RUNS", str(RUNS)))
SCALE = int(os.environ.get("BENCH_SCALE", "200"))


def copy_project(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for d in ("curriculum", "locales", "handouts", "slides"):
        shutil.copytree(ROOT / d, dest / d)
    return dest


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
        pids.append(p)
    return pids


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process tree in KiB, from /proc/<pid>/statm: a page shared after
    fork counts in every process that maps it, so this is an upper bound. statm is a counter
    read, so it can be sampled often without slowing the build."""
    total = 0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KIB
        except (OSError, ValueError, IndexError):
            continue
    return total


def tree_pss_kib(pid: int) -> int:
    """Proportional memory of a process tree in KiB (a shared page counts once in all), from
    /proc/<pid>/smaps_rollup. The kernel walks every page table to give it: sampled every
    50 ms it cost the cold build 9-16 s on two cores, so it is read once a second."""
    total = 0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, ValueError, StopIteration):
            continue
    return total


def run(cmd: list[str]) -> tuple[float, int, int]:
    """Wall time, and the peak memory (KiB) of everything it ran at once: the resident sum
    (an upper bound, sampled every 50 ms, the figure the 1 GB target is held to) and the
    proportional sum (sampled every second). Without /proc: the largest process, twice."""
    import threading

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rss, pss = [0], [0]
    sampling = os.path.isdir(f"/proc/{proc.pid}")
    done = threading.Event()

    def sample() -> None:
        ticks = 0
        while not done.wait(0.05):
            rss[0] = max(rss[0], tree_rss_kib(proc.pid))
            ticks += 1
            if ticks % 20 == 0:
                pss[0] = max(pss[0], tree_pss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    proc.wait()  # the wall time ends when the build does, not at the next sample
    wall = time.perf_counter() - t
    done.set()
    if sampling:
        sampler.join()
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    if not sampling:
        rss[0] = pss[0] = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return wall, rss[0], pss[0]


def samizdat(root: Path) -> list[str]:
    return [sys.executable, "-m", "samizdat.cli", "--root", str(root), "build"]


def edit_paragraph(root: Path, i: int) -> None:
    p = next((root / "curriculum").glob("0*/*.md")) if (root / "curriculum/01-documents").exists() else sorted((root / "curriculum").glob("t1/m*.md"))[0]
    text = p.read_text(encoding="utf-8")
    marker = "\n\n## "
    head, sep, tail = text.partition(marker)
    p.write_text(head + f"\n\nBenchmark edit {i}: one more sentence in one paragraph." + sep + tail, encoding="utf-8")


def edit_translation(root: Path, i: int) -> None:
    path = sorted((root / "locales/uk/LC_MESSAGES").rglob("*.po"))[-1]
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgstr and not e.obsolete and len(e.msgid.split()) > 4)
    entry.msgstr = entry.msgstr.rstrip(".") + f" ({i})."
    po.save(str(path))


def median(xs: list[float]) -> float:
    return round(statistics.median(xs), 3)


def scenarios(project: Path, command, label: str, runs: int = RUNS) -> dict[str, dict]:
    out: dict[str, dict] = {}
    cold, mem, pss = [], 0, 0
    for _ in range(runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "_baseline", ignore_errors=True)
        w, m, p = run(command(project))
        cold.append(w)
        mem, pss = max(mem, m), max(pss, p)
    out["cold"] = {"seconds": median(cold), "runs": cold, "peak_rss_mib": round(mem / 1024, 1)}
    for name, edit in (("noop", None), ("paragraph_edit", edit_paragraph), ("translation_edit", edit_translation)):
        times = []
        for i in range(runs):
            if edit:
                edit(project, i)
            w, m, p = run(command(project))
            times.append(w)
            mem, pss = max(mem, m), max(pss, p)
        out[name] = {"seconds": median(times), "runs": times}
    out["peak_rss_mib"] = round(mem / 1024, 1)
    out["peak_pss_mib"] = round(pss / 1024, 1)
    print(f"  {label}: " + ", ".join(f"{k} {v['seconds']:.2f}s" for k, v in out.items() if isinstance(v, dict)), flush=True)
    return out


def baseline_command(project: Path) -> list[str]:
    return ["bash", str(BENCH / "baseline.sh"), str(project), str(project / "_baseline")]


def serve_latency(project: Path) -> float:
    """Seconds from saving a module to the preview serving the new page (median of runs)."""
    import re
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-u", "-m", "samizdat.cli", "--root", str(project), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        while "serving" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                raise RuntimeError("serve did not start")
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        times = []
        for i in range(max(RUNS, 3)):
            before = urllib.request.urlopen(url + "__samizdat/version").read()
            t = time.perf_counter()
            edit_paragraph(project, 100 + i)
            while urllib.request.urlopen(url + "__samizdat/version").read() == before:
                time.sleep(0.02)
            times.append(time.perf_counter() - t)
        return median(times)
    finally:
        proc.terminate()
        proc.wait()


def main() -> int:
    os.environ["PYTHON"] = sys.executable  # the baseline's sphinx-build and scripts use this venv
    work = Path(tempfile.mkdtemp(prefix="samizdat-bench-"))
    print(f"benchmark on {os.cpu_count()} cores, {RUNS} run(s) per scenario, in {work}", flush=True)
    results: dict = {"cores": os.cpu_count(), "runs": RUNS, "baseline_runs": BASELINE_RUNS}
    results["samizdat"] = scenarios(copy_project(work / "samizdat"), samizdat, "samizdat")
    if BASELINE_RUNS:  # 0: samizdat and the scale run only (no ratios to the baseline)
        results["baseline"] = scenarios(copy_project(work / "baseline"), baseline_command, "baseline", BASELINE_RUNS)
        for key in ("cold", "noop", "paragraph_edit", "translation_edit"):
            results[f"{key}_ratio"] = round(results["samizdat"][key]["seconds"] / results["baseline"][key]["seconds"], 3)
    results["paragraph_edit_vs_cold"] = round(results["samizdat"]["paragraph_edit"]["seconds"] / results["samizdat"]["cold"]["seconds"], 3)
    results["translation_edit_vs_cold"] = round(results["samizdat"]["translation_edit"]["seconds"] / results["samizdat"]["cold"]["seconds"], 3)
    results["serve_save_to_reload_seconds"] = serve_latency(work / "samizdat")
    modules = sum(1 for _ in (ROOT / "curriculum").glob("0*/*.md")) - 6
    results["modules"] = modules
    if SCALE:
        sys.path.insert(0, str(BENCH))
        from gen import generate

        big = generate(work / "scale", SCALE)
        t, m, p = run(samizdat(big))
        edit_paragraph(big, 0)
        e, m2, p2 = run(samizdat(big))
        results["scale"] = {"modules": SCALE, "cold_seconds": round(t, 2), "paragraph_edit_seconds": round(e, 2),
                            "peak_rss_mib": round(max(m, m2) / 1024, 1), "peak_pss_mib": round(max(p, p2) / 1024, 1),
                            "cold_per_module": round(t / SCALE, 3),
                            "shipped_cold_per_module": round(results["samizdat"]["cold"]["seconds"] / modules, 3)}
        results["scale_per_module_ratio"] = round(results["scale"]["cold_per_module"] / results["scale"]["shipped_cold_per_module"], 3)
    (BENCH / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print()
    base = results.get("baseline")
    print(f"{'scenario':<18}{'samizdat (s)':>14}{'baseline (s)':>14}{'ratio':>8}")
    for key in ("cold", "noop", "paragraph_edit", "translation_edit"):
        other = f"{base[key]['seconds']:>14.2f}{results[key + '_ratio']:>8.3f}" if base else f"{'-':>14}{'-':>8}"
        print(f"{key:<18}{results['samizdat'][key]['seconds']:>14.2f}{other}")
    print(f"peak memory (all processes at once, resident sum, an upper bound): samizdat {results['samizdat']['peak_rss_mib']} MiB" + (f", baseline {base['peak_rss_mib']} MiB" if base else ""))
    print(f"peak memory (proportional, sampled each second): samizdat {results['samizdat']['peak_pss_mib']} MiB" + (f", baseline {base['peak_pss_mib']} MiB" if base else ""))
    print(f"serve: save to reload {results['serve_save_to_reload_seconds']} s")
    print(f"edits vs cold: paragraph {results['paragraph_edit_vs_cold']}, translation {results['translation_edit_vs_cold']}")
    if "scale" in results:
        s = results["scale"]
        print(f"scale: {s['modules']} modules cold {s['cold_seconds']} s ({s['cold_per_module']} s/module vs {s['shipped_cold_per_module']} shipped), one edit {s['paragraph_edit_seconds']} s")
        print(f"scale peak memory: resident sum {s['peak_rss_mib']} MiB (upper bound), proportional {s['peak_pss_mib']} MiB")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
