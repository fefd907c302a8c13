#!/usr/bin/env python3
"""Throughput benchmark: full pipeline, each extractor, and jieba / spaCy baselines, in one run.

    python benchmarks/throughput.py [--size-mb 200] [--workers 2] [--report benchmarks/report.json]
    python benchmarks/throughput.py --reports [--copies 6] [--rounds 3] [--report benchmarks/report-reports.json]

Builds a JSONL corpus of the requested size from the sample corpus and ../shared documents
(distinct doc_ids), then measures on the same texts:
- baselines: ``jieba.lcut`` and ``spacy.blank("zh")`` with the jieba segmenter;
- the full pipeline in one process (default settings), with the time of each extractor;
- the CLI with 1 and with N worker processes (scaling, byte-identical output, peak RSS);
- optionally (``--memory-gb 1``) peak RSS while extracting a corpus of that size.
Ratios are printed and written to the JSON report with the machine they were taken on.

``--reports`` measures what a researcher runs instead: the twenty provincial reports of
../shared/corpus/reports copied ``--copies`` times into a folder (files on disk), and the national JSONL,
each as whole processes, start-up included (the package's bytecode compiled first, as an install leaves it):
``python -m pipeline extract DIR -o OUT --workers 1`` and
``--workers N`` against ``jieba.lcut`` over the same texts in one process. Rounds alternate the three
commands; the report gives each round and the medians (wall time and CPU time of the process and its
children), the ratio to jieba, the speed-up of N workers, whether their outputs are identical, the
machine's parallel capacity (N CPU-bound processes against one: the ceiling of that speed-up), the
start-up (the CLI on one short file) and the time of each extractor (in one process, on the same texts).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# ../shared/corpus beside the checkout (or beside the folder of worktrees it is in)
SHARED = next((p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
              ROOT.parent / "shared" / "corpus")


def source_texts() -> list[str]:
    from pipeline.readers import document_text, format_of

    paths = [p for p in sorted((ROOT / "corpora" / "sample").iterdir()) if format_of(p) in ("txt", "html", "docx")]
    for folder in (SHARED / "dev", SHARED / "reports"):
        if folder.is_dir():
            paths += sorted(folder.glob("*.txt"))
    return [document_text(p) for p in paths]


def build_corpus(path: Path, size_bytes: int) -> tuple[int, int]:
    """Write a JSONL corpus of about ``size_bytes`` of text; returns (documents, characters)."""
    texts = source_texts()
    docs = chars = written = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < size_bytes:
            text = texts[docs % len(texts)]
            line = json.dumps({"id": f"bench-{docs:07d}", "text": text}, ensure_ascii=False)
            fh.write(line + "\n")
            docs += 1
            chars += len(text)
            written += len(text.encode("utf-8"))
    return docs, chars


def iter_corpus(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield rec["id"], rec["text"]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def drain(results) -> None:
    """Consume an iterator without keeping its items (memory stays flat)."""
    for _ in results:
        pass


def bench_jieba(corpus: Path) -> float:
    import jieba

    jieba.initialize()
    return timed(lambda: drain(jieba.lcut(text) for _id, text in iter_corpus(corpus)))


def bench_spacy_jieba(corpus: Path) -> float:
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.make_doc("预热")
    return timed(lambda: drain(nlp.make_doc(text) for _id, text in iter_corpus(corpus)))


def _time_extractors(clock):
    """Wrap ``core.run_extractors`` to add each extractor's time by ``clock`` to a dict; returns the dict
    and a function that restores the original."""
    from pipeline import core
    from pipeline.extract import EXTRACTORS

    per: dict[str, float] = {name: 0.0 for name in EXTRACTORS.names}
    original = core.run_extractors

    def instrumented(ctx):
        for extractor in EXTRACTORS.order:
            t0 = clock()
            setattr(ctx.results, extractor.name, extractor.run(ctx))
            per[extractor.name] += clock() - t0
        return ctx.results

    core.run_extractors = instrumented
    return per, lambda: setattr(core, "run_extractors", original)


def bench_pipeline(corpus: Path) -> tuple[float, dict[str, float]]:
    """Full extraction and serialisation in this process; also the time spent in each extractor."""
    from pipeline import core

    per, restore = _time_extractors(time.perf_counter)
    # Load lexicons, the region table and the category model outside the timing (once per process).
    warm = time.perf_counter()
    for text in source_texts()[:3]:
        core.extract(text)
    per["_startup_seconds"] = time.perf_counter() - warm
    startup = per.pop("_startup_seconds")
    for k in per:
        per[k] = 0.0
    try:
        total = timed(lambda: drain(core.extract(text, doc_id=i).model_dump_json() for i, text in iter_corpus(corpus)))
    finally:
        restore()
    per["startup (once per process, not in the total)"] = startup
    return total, per


def run_cli(corpus: Path, out: Path, workers: int) -> dict:
    """The CLI in a child process; wall time and peak RSS of the parent and of the largest worker."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t=time.perf_counter()\n"
        f"r=subprocess.run([sys.executable,'-m','pipeline','extract',{str(corpus)!r},'-o',{str(out)!r},"
        f"'--workers','{workers}','--no-progress'],stderr=subprocess.DEVNULL)\n"
        "t=time.perf_counter()-t\n"
        "print(t, r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, rc, maxrss_kb = res.stdout.split()
    return {"workers": workers, "seconds": float(seconds), "exit_code": int(rc),
            "peak_rss_mb_largest_process": int(maxrss_kb) / 1024}


# ------------------------------------------------------------------ whole processes on real reports
_JIEBA_SCRIPT = """
import json, pathlib, sys
import jieba
src = pathlib.Path(sys.argv[1])
if src.is_dir():
    texts = (p.read_text(encoding="utf-8") for p in sorted(src.iterdir()) if p.suffix == ".txt")
else:
    texts = (json.loads(line)[sys.argv[2]] for line in src.open(encoding="utf-8") if line.strip())
for text in texts:
    jieba.lcut(text)
"""


def whole_process(cmd: list[str]) -> dict:
    """Wall time and CPU time (user + sys of the process and everything it waited for) of ``cmd``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def extractor_seconds(texts: list[str]) -> dict[str, float]:
    """CPU seconds of each extractor and of serialisation over ``texts`` in this process (loaded first)."""
    from pipeline import core
    import pipeline.warm  # noqa: F401  (loads everything, as the fork server does)

    per, restore = _time_extractors(time.process_time)
    try:
        start = time.process_time()
        serialise = 0.0
        for i, text in enumerate(texts):
            doc = core.extract(text, doc_id=str(i))
            t0 = time.process_time()
            doc.model_dump_json()
            serialise += time.process_time() - t0
        total = time.process_time() - start
    finally:
        restore()
    per["serialisation (model_dump_json)"] = serialise
    per["rest of extract() (text, linking, models)"] = total - sum(per.values())
    return {k: round(v, 3) for k, v in per.items()} | {"total": round(total, 3)}


def startup(work: Path, py: str, rounds: int) -> dict:
    """Wall and CPU time of the CLI (1 worker) on one short file: start-up with nothing to extract."""
    folder = work / "startup"
    folder.mkdir(exist_ok=True)
    (folder / "short.txt").write_text("某市2024年政务服务工作总结。全年办件12万件，按时办结率达到99.5%。\n", encoding="utf-8")
    runs = [whole_process([py, "-m", "pipeline", "extract", str(folder), "--no-progress", "--workers", "1",
                           "-o", str(work / "startup.jsonl")]) for _ in range(rounds)]
    return {"rounds": runs, "median": {k: round(_median([r[k] for r in runs]), 3) for k in ("wall_s", "cpu_s")}}


_BURN_SCRIPT = """
import time
start = time.perf_counter()
total = 0
for i in range(12_000_000):
    total += i
print(time.perf_counter() - start)
"""


def parallel_capacity(workers: int, rounds: int) -> dict:
    """How much faster ``workers`` CPU-bound Python processes get through the same work than one, on this
    machine now: the ceiling of any worker speed-up (shared or hyper-threaded cores give less than
    ``workers``). Each round runs one process alone, then ``workers`` at once."""
    ratios = []
    for _ in range(rounds):
        alone = float(subprocess.run([sys.executable, "-c", _BURN_SCRIPT], capture_output=True, text=True).stdout)
        procs = [subprocess.Popen([sys.executable, "-c", _BURN_SCRIPT], stdout=subprocess.PIPE, text=True)
                 for _ in range(workers)]
        together = max(float(p.communicate()[0]) for p in procs)
        ratios.append(round(workers * alone / together, 3))
    return {"rounds": ratios, "median": round(_median(ratios), 3)}


def compile_package() -> None:
    """The package's bytecode, as an install leaves it: pip writes it for every module, while a checkout run
    under PYTHONDONTWRITEBYTECODE=1 (as this machine sets) compiles some forty modules from source in every
    process, 0.1 s of each start-up that no installed user pays (jieba's modules are compiled)."""
    import compileall

    compileall.compile_dir(str(ROOT / "pipeline"), quiet=1)


def bench_reports(copies: int, workers: int, rounds: int) -> dict:
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="pm-reports-"))
    folder = work / "reports"
    folder.mkdir()
    sources = sorted((SHARED / "reports").glob("*.txt"))
    if not sources:
        raise SystemExit(f"no reports in {SHARED / 'reports'}")
    texts = []
    for k in range(copies):
        for p in sources:
            data = p.read_bytes()
            (folder / f"{p.stem}-copy{k + 1}.txt").write_bytes(data)
            texts.append(data.decode("utf-8"))
    national = SHARED / "national" / "government_work_reports.jsonl"
    corpora = {"reports": {"input": [str(folder)], "jieba": [str(folder)], "documents": len(texts),
                           "characters": sum(map(len, texts))}}
    if national.is_file():
        ntexts = [json.loads(line)["content"] for line in national.open(encoding="utf-8") if line.strip()]
        corpora["national"] = {"input": [str(national), "--id-field", "title", "--text-field", "content"],
                               "jieba": [str(national), "content"], "documents": len(ntexts),
                               "characters": sum(map(len, ntexts))}
    py = sys.executable
    out: dict = {}
    for name, c in corpora.items():
        runs: dict[str, list[dict]] = {"jieba.lcut": [], "cli 1 worker": [], f"cli {workers} workers": []}
        identical = True
        for r in range(rounds):
            runs["jieba.lcut"].append(whole_process([py, "-c", _JIEBA_SCRIPT, *c["jieba"]]))
            one, many = work / f"{name}-1.jsonl", work / f"{name}-{workers}.jsonl"
            base = [py, "-m", "pipeline", "extract", *c["input"], "--no-progress", "--workers"]
            runs["cli 1 worker"].append(whole_process(base + ["1", "-o", str(one)]))
            runs[f"cli {workers} workers"].append(whole_process(base + [str(workers), "-o", str(many)]))
            identical &= one.read_bytes() == many.read_bytes()
            print(f"{name} round {r + 1}: " + ", ".join(f"{k} {v[-1]['wall_s']:.2f} s wall / {v[-1]['cpu_s']:.2f} s CPU"
                                                       for k, v in runs.items()), flush=True)
        med = {k: {"wall_s": round(_median([x["wall_s"] for x in v]), 3),
                   "cpu_s": round(_median([x["cpu_s"] for x in v]), 3)} for k, v in runs.items()}
        for k, v in med.items():
            v["chars_per_s_wall"] = round(c["characters"] / v["wall_s"])
        j, one, many = med["jieba.lcut"], med["cli 1 worker"], med[f"cli {workers} workers"]
        out[name] = {
            "documents": c["documents"], "characters": c["characters"], "command": c["input"],
            "rounds": runs, "median": med,
            "ratio_to_jieba_wall_1_worker": round(j["wall_s"] / one["wall_s"], 3),
            "ratio_to_jieba_cpu_1_worker": round(j["cpu_s"] / one["cpu_s"], 3),
            f"ratio_to_jieba_wall_{workers}_workers": round(j["wall_s"] / many["wall_s"], 3),
            f"speedup_{workers}_workers_wall": round(one["wall_s"] / many["wall_s"], 3),
            "identical_output": identical,
        }
        print(f"{name}: {c['documents']} documents, {c['characters']:,} characters; medians of {rounds}: "
              f"jieba.lcut {j['wall_s']:.2f} s, 1 worker {one['wall_s']:.2f} s (ratio {j['wall_s'] / one['wall_s']:.2f}, "
              f"CPU ratio {j['cpu_s'] / one['cpu_s']:.2f}), {workers} workers {many['wall_s']:.2f} s "
              f"(speed-up {one['wall_s'] / many['wall_s']:.2f}x, identical output: {identical})", flush=True)
    out["parallel_capacity"] = parallel_capacity(workers, rounds)
    print(f"parallel capacity ({workers} CPU-bound processes against one, the ceiling of the speed-up): "
          f"{out['parallel_capacity']['median']:.2f}x")
    out["startup"] = startup(work, py, rounds)
    print(f"start-up (CLI, 1 worker, one short file; medians): {out['startup']['median']}")
    per = extractor_seconds(texts)
    out["reports"]["extractor_cpu_s"] = per
    print("time per extractor on the reports (CPU s, one process, loaded): "
          + ", ".join(f"{k} {v:.2f}" for k, v in per.items()))
    for p in work.rglob("*"):
        if p.is_file():
            p.unlink()
    return out


def machine() -> dict:
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = fh.readline().split()[1]
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_kb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=200.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--workers", type=int, default=2, help="worker count for the scaling run")
    ap.add_argument("--memory-gb", type=float, default=0.0, help="also extract a corpus of this size and report peak RSS")
    ap.add_argument("--report", type=Path, default=ROOT / "benchmarks" / "report.json")
    ap.add_argument("--skip-cli", action="store_true", help="only the in-process measures")
    ap.add_argument("--reports", action="store_true",
                    help="whole processes on the provincial reports (copied --copies times) and the national JSONL")
    ap.add_argument("--copies", type=int, default=6, help="copies of the reports folder (--reports)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are reported (--reports)")
    args = ap.parse_args(argv)

    if args.reports:
        report = {"machine": machine(), "load_average_before": os.getloadavg(),
                  **bench_reports(args.copies, args.workers, args.rounds)}
        report["load_average_after"] = os.getloadavg()
        path = args.report if args.report != ROOT / "benchmarks" / "report.json" else \
            ROOT / "benchmarks" / "report-reports.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"report: {path}")
        return 0

    work = Path(tempfile.mkdtemp(prefix="pm-bench-"))
    corpus = work / "corpus.jsonl"
    docs, chars = build_corpus(corpus, int(args.size_mb * 1e6))
    print(f"corpus: {docs} documents, {chars} characters ({corpus.stat().st_size / 1e6:.1f} MB JSONL)")

    report: dict = {"machine": machine(), "corpus": {"documents": docs, "characters": chars,
                                                      "jsonl_mb": corpus.stat().st_size / 1e6}}
    t_jieba = bench_jieba(corpus)
    t_spacy = bench_spacy_jieba(corpus)
    t_full, per = bench_pipeline(corpus)
    report["baselines"] = {"jieba.lcut": {"seconds": t_jieba, "chars_per_s": chars / t_jieba},
                           "spacy.blank(zh)+jieba": {"seconds": t_spacy, "chars_per_s": chars / t_spacy}}
    report["pipeline"] = {"seconds": t_full, "chars_per_s": chars / t_full, "docs_per_s": docs / t_full,
                          "peak_rss_mb_benchmark_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                          "extractors": {k: {"seconds": v, "chars_per_s": chars / v if v else None}
                                         for k, v in per.items()}}
    report["ratios"] = {"pipeline_vs_jieba_lcut": t_jieba / t_full, "pipeline_vs_spacy_jieba": t_spacy / t_full}
    print(f"jieba.lcut            {chars / t_jieba:12,.0f} chars/s")
    print(f"spacy.blank(zh)+jieba {chars / t_spacy:12,.0f} chars/s")
    print(f"pipeline (1 process)  {chars / t_full:12,.0f} chars/s  {docs / t_full:8.1f} docs/s  "
          f"ratio to jieba.lcut {t_jieba / t_full:.2f}, to spaCy+jieba {t_spacy / t_full:.2f}")
    for k, v in per.items():
        print(f"  {k:15s} {v:8.2f} s  ({100 * v / t_full:4.1f} %)")

    if not args.skip_cli:
        one = run_cli(corpus, work / "one.jsonl", 1)
        many = run_cli(corpus, work / "many.jsonl", args.workers)
        identical = (work / "one.jsonl").read_bytes() == (work / "many.jsonl").read_bytes()
        report["cli"] = {"one": one, "many": many, "speedup": one["seconds"] / many["seconds"],
                         "identical_output": identical}
        print(f"CLI 1 worker {one['seconds']:.1f} s, {args.workers} workers {many['seconds']:.1f} s: "
              f"speedup {one['seconds'] / many['seconds']:.2f}x, identical output: {identical}, "
              f"peak RSS {one['peak_rss_mb_largest_process']:.0f} MB / {many['peak_rss_mb_largest_process']:.0f} MB")
        (work / "one.jsonl").unlink()
        (work / "many.jsonl").unlink()
    if args.memory_gb:
        big = work / "big.jsonl"
        bdocs, bchars = build_corpus(big, int(args.memory_gb * 1e9))
        run = run_cli(big, work / "big.out.jsonl", args.workers)
        report["memory"] = {"documents": bdocs, "characters": bchars, **run}
        print(f"memory: {bdocs} documents, peak RSS {run['peak_rss_mb_largest_process']:.0f} MB")
        big.unlink()
        (work / "big.out.jsonl").unlink()
    corpus.unlink()
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
