"""Show that a refactoring leaves the extraction output byte-identical.

Extracts every corpus with a base checkout (a git worktree of ``--base``, made under /tmp if missing)
and with this tree, then compares the JSONL outputs (and error files) byte for byte. The base outputs
are cached per base commit, so a second run only extracts this tree.

    python scripts/same_output.py [--base COMMIT] [--tree DIR] [--workers N] [--corpus PATH ...]

(``--tree`` compares another checkout, e.g. a worktree of a commit, so this one can be edited meanwhile.)

Exit code 0 when every output is identical, 1 otherwise (the first differing line of each is shown).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/same_output")


def default_corpora() -> list[Path]:
    corpora = [ROOT / "corpora" / "sample", *sorted((ROOT / "corpora").glob("heldout*"))]
    shared = Path("/work/shared/corpus")
    corpora += [shared / "reports", shared / "cities"]
    return [c for c in corpora if c.exists()]


def resolve(rev: str) -> str:
    return subprocess.check_output(["git", "-C", str(ROOT), "rev-parse", rev], text=True).strip()


def base_tree(commit: str) -> Path:
    tree = Path(f"/tmp/same_output_base_{commit[:12]}")
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True)
    return tree


def extract(tree: Path, corpus: Path, out: Path, workers: int) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(tree))
    errors = out.with_suffix(".errors.jsonl")
    for stale in (out, errors):
        stale.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pipeline", "extract", str(corpus), "-o", str(out),
           "--errors", str(errors), "--workers", str(workers), "--no-progress"]
    subprocess.run(cmd, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not out.exists():
        raise SystemExit(f"extraction of {corpus} with {tree} wrote no output")


def first_difference(a: Path, b: Path) -> str:
    la = a.read_bytes().split(b"\n") if a.exists() else []
    lb = b.read_bytes().split(b"\n") if b.exists() else []
    for n, (x, y) in enumerate(zip(la, lb), 1):
        if x != y:
            return f"line {n}: base {x[:200]!r}\n            tree {y[:200]!r}"
    return f"base has {len(la)} lines, tree {len(lb)}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", help="commit to compare with (default: where this branch left main)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tree", type=Path, default=ROOT, help="the tree to compare (default: this one)")
    ap.add_argument("--corpus", type=Path, action="append", help="corpus to compare (default: all)")
    args = ap.parse_args(argv)
    commit = resolve(args.base) if args.base else subprocess.check_output(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], text=True).strip()
    corpora = args.corpus or default_corpora()
    base, here = base_tree(commit), CACHE / "tree"
    same = True
    for corpus in corpora:
        name = f"{corpus.parent.name}_{corpus.name}"
        old = CACHE / commit[:12] / f"{name}.jsonl"
        new = here / f"{name}.jsonl"
        if not old.exists():
            extract(base, corpus, old, args.workers)
        extract(args.tree, corpus, new, args.workers)
        ok = True
        for a, b in ((old, new), (old.with_suffix(".errors.jsonl"), new.with_suffix(".errors.jsonl"))):
            ba = a.read_bytes() if a.exists() else b""
            bb = b.read_bytes() if b.exists() else b""
            if ba != bb:
                ok = False
                print(f"DIFFERENT {corpus} ({b.name}): {first_difference(a, b)}")
        same = same and ok
        n = old.read_bytes().count(b"\n")
        print(f"{'same' if ok else 'DIFF'}  {corpus}  ({n} documents)", flush=True)
    print("byte-identical" if same else "OUTPUT DIFFERS")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
