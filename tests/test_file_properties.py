"""Property tests on the file path (hypothesis): generated folders of files go through the CLI.

Folders hold .txt (UTF-8 with 0–3 BOMs, GB18030, UTF-16, Big5; LF, CRLF or CR), .html (an article
page, bare text, an unclosed <script>), .docx and .jsonl files, named to collide (``x``, ``x~2``,
Unicode, spaces, the same name in a subfolder), with zero-width and control characters in the
text, and the output file inside the input folder. Properties: ``written + failed == inputs``, ids
distinct, every input's own id used by one of them, every span exact against the document text of
its input, the output never read, ``--resume`` after a kill at any byte gives the bytes of an
uninterrupted run, ``--workers 2`` the bytes of one worker.

The default run is sized for CI; ``PM_NIGHTLY=1`` runs ten times the examples.
"""
from __future__ import annotations

import html
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.batch import iter_tasks
from pipeline.cli import app
from pipeline.models import Document, iter_spans
from pipeline.readers import document_text

SCALE = 10 if os.environ.get("PM_NIGHTLY") else 1


def examples(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, derandomize=not SCALE > 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---- what goes into the files ----------------------------------------------------------------

GENRE = ["某县2020年机关效能建设工作总结", "一、", "二、", "（一）", "1、", "一是", "强化督查", "全年开展明察暗访24次",
         "按时办结率达到99.1%", "由20个工作日缩短为5个工作日", "对3个单位进行通报批评", "约谈", "“马上办”",
         "满意率98%以上", "浙江省杭州市", "2019年", "。", "，", "\n", " ", "\u3000", "１２％"]
TRADITIONAL = ["關於深化「馬上辦」改革", "一、工作目標", "按時辦結率達到99%", "對3個單位進行通報批評", "。", "\n"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\t"]
STEMS = ["x", "x~2", "x~3", "x~02", "报告", "a b", " 空格 ", "Ünïcode", "x~2~2", "a.b"]
NEWLINES = ["\n", "\r\n", "\r"]

texts = st.lists(st.one_of(st.sampled_from(GENRE), st.sampled_from(INVISIBLE), st.text(max_size=3)),
                 min_size=1, max_size=25).map("".join)
stems = st.one_of(st.sampled_from(STEMS),
                  st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\"),
                          min_size=1, max_size=6)).filter(lambda s: s not in (".", ".."))


@dataclass
class Spec:
    folder: str  # "" or a subfolder
    stem: str
    ext: str
    payload: bytes
    decoded: str | None  # the text as decoded, when the encoding leaves no doubt; else None
    lines: list[tuple[str | None, str] | None] | None = None  # JSONL: (own id, text), None for a broken line

    @property
    def name(self) -> str:
        return self.stem + self.ext


@st.composite
def txt_files(draw):
    text = draw(texts).replace("\n", draw(st.sampled_from(NEWLINES)))
    kind = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]))
    if kind == "utf-8":
        boms = draw(st.integers(0, 3))
        return ".txt", b"\xef\xbb\xbf" * boms + text.encode("utf-8"), "\ufeff" * boms + text
    if kind == "utf-16":
        text = "\ufeff" * draw(st.integers(0, 2)) + text
        return ".txt", text.encode("utf-16"), text
    if kind == "big5":
        text = "".join(draw(st.lists(st.sampled_from(TRADITIONAL), min_size=1, max_size=12)))
        return ".txt", text.encode("big5"), None  # detected, not declared: no single right reading
    return ".txt", text.encode("gb18030"), None


@st.composite
def html_files(draw):
    paras = [html.escape(p) for p in draw(st.lists(texts, min_size=1, max_size=4))]
    shape = draw(st.sampled_from(["article", "bare", "unclosed_script"]))
    if shape == "article":
        page = ("<html><head><meta charset='utf-8'><title>某县通报</title></head><body><div>首页 | 登录</div>"
                "<article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    elif shape == "bare":
        page = "\n".join(paras)
    else:
        page = f"<html><body><p>{paras[0]}</p><script>var a = 1;" + "".join(f"<p>{p}</p>" for p in paras[1:])
    return ".html", page.encode("utf-8"), None


_XML_INVALID = {c for c in map(chr, range(32)) if c not in "\t\n"} | {"\ufffe", "\uffff"}


@st.composite
def docx_files(draw):
    import docx

    d = docx.Document()
    for line in draw(texts).split("\n"):
        d.add_paragraph("".join(c for c in line if c not in _XML_INVALID and c != "\r"))
    buf = io.BytesIO()
    d.save(buf)
    return ".docx", buf.getvalue(), None


@st.composite
def jsonl_files(draw):
    lines = draw(st.lists(st.one_of(st.tuples(st.one_of(st.none(), stems), texts), st.none()), min_size=1, max_size=3))
    ascii_only = draw(st.booleans())  # escaped ids (x\u007e2) must be reserved like literal ones
    out = []
    for line in lines:
        if line is None:
            out.append("{broken")
        else:
            own, text = line
            out.append(json.dumps({"text": text} if own is None else {"id": own, "text": text}, ensure_ascii=ascii_only))
    return ".jsonl", ("\n".join(out) + "\n").encode("utf-8"), lines


@st.composite
def folders(draw):
    specs: dict[tuple[str, str], Spec] = {}
    for _ in range(draw(st.integers(1, 7))):
        ext, payload, extra = draw(st.one_of(txt_files(), html_files(), docx_files(), jsonl_files()))
        spec = Spec(draw(st.sampled_from(["", "", "sub"])), draw(stems), ext, payload,
                    decoded=extra if ext == ".txt" else None, lines=extra if ext == ".jsonl" else None)
        if spec.folder == "" and spec.name.startswith("out.jsonl"):
            continue  # the output's own name, taken by the run
        specs.setdefault((spec.folder, spec.name), spec)
    return list(specs.values()), draw(st.booleans())


def write_folder(root: Path, specs: list[Spec]) -> None:
    for spec in specs:
        (root / spec.folder).mkdir(parents=True, exist_ok=True)
        (root / spec.folder / spec.name).write_bytes(spec.payload)


def inputs_of(specs: list[Spec]) -> int:
    return sum(len(s.lines) if s.lines is not None else 1 for s in specs)


def own_ids(specs: list[Spec]) -> set[str]:
    """Every input's own id: the file name without extension, a JSONL line's id or its path:line fallback."""
    ids = set()
    for s in specs:
        if s.lines is None:
            ids.add(s.stem)
            continue
        for lineno, line in enumerate(s.lines, 1):
            ids.add(line[0] if line is not None and line[0] not in (None, "") else f"{s.stem}:{lineno}")
    return ids


# ---- running and checking --------------------------------------------------------------------

def run(inputs: Path, out: Path, *flags: str) -> None:
    result = CliRunner().invoke(app, ["extract", str(inputs), "-o", str(out), "--no-progress", *flags])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


def lines_of(path: Path) -> list[dict]:
    # Split on \n only: a record may hold U+2028 or U+0085, which str.splitlines would cut at.
    return [json.loads(raw) for raw in path.read_bytes().split(b"\n") if raw] if path.exists() else []


def spec_text(root: Path, specs: list[Spec], source_path: str) -> str:
    """The document text of the input a record names (``path`` or ``path:line`` of a JSONL corpus)."""
    for spec in specs:
        path = str(root / spec.folder / spec.name)
        if spec.lines is not None and source_path.startswith(path + ":"):
            raw_line = spec.payload.split(b"\n")[int(source_path[len(path) + 1:]) - 1]
            return definition(json.loads(raw_line)["text"])
        if spec.lines is None and source_path == path:
            text = document_text(path)
            if spec.decoded is not None:  # UTF-8 and UTF-16: the reading is certain, so check it too
                assert text == definition(spec.decoded), spec
            return text
    raise AssertionError(f"a record for an input never written: {source_path}")


def definition(decoded: str) -> str:
    """README "Inputs": every leading BOM removed, CRLF and CR folded to LF."""
    return decoded.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def check_batch(root: Path, specs: list[Spec], out: Path, errors: Path) -> None:
    docs, errs = lines_of(out), lines_of(errors)
    assert len(docs) + len(errs) == inputs_of(specs)
    ids = [r["doc_id"] for r in docs + errs]
    assert len(set(ids)) == len(ids), ids
    assert own_ids(specs) <= set(ids)  # the first input of each own id keeps it
    for rec in docs:
        assert not rec["source"]["path"].startswith(str(out))
        doc = Document.model_validate(rec)
        text = spec_text(root, specs, doc.source.path)
        assert doc.source.chars == len(text)
        for span in iter_spans(doc):
            assert text[span.start:span.end] == span.text
    for err in errs:
        assert not err["path"].startswith(str(out)), err


@contextmanager
def written_and_run(folder):
    """The generated folder written to a temporary directory and extracted once: (root, out, errors)."""
    specs, out_inside = folder
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        write_folder(root, specs)
        out = (root if out_inside else Path(tmp)) / "out.jsonl"
        errors = out.with_name(out.name + ".errors.jsonl")
        run(root, out)
        yield root, out, errors


@examples(12)
@given(folders(), st.floats(0, 1))
def test_generated_folders_every_input_once_distinct_ids_exact_spans_resumable(folder, cut):
    specs, _ = folder
    with written_and_run(folder) as (root, out, errors):
        check_batch(root, specs, out, errors)
        full, full_errors = out.read_bytes(), errors.read_bytes() if errors.exists() else b""

        # A run killed at any point leaves whole lines and at most one torn line: a prefix.
        out.write_bytes(full[: int(cut * len(full))])
        if errors.exists():
            errors.write_bytes(full_errors[: int(cut * len(full_errors))])
        run(root, out, "--resume")
        assert out.read_bytes() == full
        assert (errors.read_bytes() if errors.exists() else b"") == full_errors


@examples(3)
@given(folders())
def test_two_workers_write_the_bytes_of_one(folder):
    with written_and_run(folder) as (root, out, errors):
        one = out.read_bytes(), errors.read_bytes() if errors.exists() else b""
        out.unlink()
        if errors.exists():
            errors.unlink()
        run(root, out, "--workers", "2")
        assert (out.read_bytes(), errors.read_bytes() if errors.exists() else b"") == one


@examples(200)
@given(st.lists(st.tuples(st.sampled_from(STEMS[:4] + ["a", "a~2", "a~3"]), st.just("")), max_size=12),
       st.booleans())
def test_ids_of_text_inputs_are_distinct_and_keep_every_own_id(pairs, one_shot):
    tasks = list(iter_tasks(iter(pairs) if one_shot else pairs))
    ids = [t.doc_id for t in tasks]
    assert len(set(ids)) == len(ids) == len(pairs)
    if not one_shot:  # scanned ahead: a generated id never takes an input's own id
        assert {p[0] for p in pairs} <= set(ids)
        assert all(t.doc_id == p[0] for t, p in zip(tasks, pairs) if t.doc_id in {q[0] for q in pairs})
