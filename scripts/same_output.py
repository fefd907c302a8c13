#!/usr/bin/env python3
"""Byte-identical output check for speed changes: extract the corpora with a base commit and with the
working tree, and compare the JSONL byte for byte.

    python scripts/same_output.py [--base REF] [--workers 2] [--only NAME ...]

The base is exported with ``git archive`` into a cache folder (its outputs are cached too, keyed by the
commit), so after the first run only the working tree is extracted again. Both runs read the same input
paths (the paths are part of the records). Corpora: corpora/sample, corpora/heldout*, the provincial
reports, city reports and dev set of ../shared/corpus, the national JSONL (``--id-field title --text-field
content``) and, with ``--real DIR``, the real set cut by ``scripts/cut_real.py --out DIR``. Exit 0 when
every output (and errors file) is identical.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent.parent / "shared" / "corpus"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/corpus")
CACHE = Path(tempfile.gettempdir()) / "pm-same-output"


def corpora(real: Path | None = None) -> list[tuple[str, list[str]]]:
    """(name, extra CLI args) per corpus; ``real``: the texts of the real set cut by scripts/cut_real.py."""
    out = [("sample", [str(ROOT / "corpora" / "sample")])]
    out += [(p.name, [str(p)]) for p in sorted((ROOT / "corpora").glob("heldout*")) if p.is_dir()]
    for name in ("reports", "cities", "dev"):
        if (SHARED / name).is_dir():
            out.append((name, [str(SHARED / name)]))
    national = SHARED / "national" / "government_work_reports.jsonl"
    if national.is_file():
        out.append(("national", [str(national), "--id-field", "title", "--text-field", "content"]))
    if real is not None:
        out.append(("real", [str(real)]))
    return out


def extract(src: Path, args: list[str], out: Path, workers: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, "-m", "pipeline", "extract", *args, "-o", str(out), "--workers", str(workers),
           "--no-progress"]
    # exit code 1 = some documents failed (their records are compared too)
    res = subprocess.run(cmd, env=env, cwd=src, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if res.returncode not in (0, 1):
        sys.exit(f"extraction failed ({src}): {' '.join(cmd)}\n{res.stderr[-2000:]}")


def base_tree(ref: str) -> tuple[str, Path]:
    commit = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = CACHE / commit / "src"
    if not (tree / "pipeline").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return commit, tree


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "-"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=None, help="git ref to compare against (default: where this branch left main)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="corpus names to check (default: all)")
    ap.add_argument("--real", type=Path, help="also the real set, cut into this folder by scripts/cut_real.py")
    args = ap.parse_args(argv)

    if args.base is None:
        args.base = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                   text=True, check=True).stdout.strip()
    commit, base = base_tree(args.base)
    print(f"base {args.base} = {commit[:10]} ({base}); working tree {ROOT}")
    work = Path(tempfile.mkdtemp(prefix="pm-same-"))
    ok = True
    for name, cli in corpora(args.real.resolve() if args.real else None):
        if args.only and name not in args.only:
            continue
        # keyed by this checkout too: input paths are in the records, and the cache is shared by checkouts
        ref = CACHE / commit / hashlib.sha256(str(ROOT).encode()).hexdigest()[:8] / f"{name}.jsonl"
        ref.parent.mkdir(parents=True, exist_ok=True)
        if not ref.exists():
            extract(base, cli, ref, args.workers)
        new = work / f"{name}.jsonl"
        extract(ROOT, cli, new, args.workers)
        for suffix in ("", ".errors.jsonl"):
            a, b = Path(str(ref) + suffix), Path(str(new) + suffix)
            same = (a.read_bytes() if a.exists() else b"") == (b.read_bytes() if b.exists() else b"")
            ok &= same
            if suffix == "" or not same:
                lines = len(a.read_bytes().splitlines()) if a.exists() else 0
                print(f"{name + suffix:28s} {lines:5d} records  base {digest(a)}  tree {digest(b)}  "
                      f"{'identical' if same else 'DIFFERENT'}")
    print("ALL IDENTICAL" if ok else "OUTPUT DIFFERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
