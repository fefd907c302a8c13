"""Issue 21, one test per fault found on the way from files to records: the same doc_id twice, the
output read as input, spans shifted by repeated BOMs, text lost from HTML. The document text is
written out here by its definition (README "Inputs"), independently of the pipeline's own code."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.models import iter_spans

DOC = "某县2020年机关效能建设工作总结\n一、强化督查。全年开展明察暗访24次，对3个单位进行通报批评。\n二、提升效率。按时办结率达到99%。\n"


def document_text(decoded: str) -> str:
    """The definition: every leading BOM removed, CRLF and CR folded to LF."""
    return decoded.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def extract_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", *args, "--no-progress"])
    return result.exit_code, result.output


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def assert_spans_exact(doc, text: str) -> None:
    assert doc.source.chars == len(text)
    spans = list(iter_spans(doc))
    assert spans, "a document without spans would make this check vacuous"
    for span in spans:
        assert text[span.start:span.end] == span.text


# --- the same doc_id twice ---------------------------------------------------------------------

def test_a_generated_id_never_takes_the_id_of_a_real_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.html").write_text(f"<html><body><p>{DOC}</p></body></html>", encoding="utf-8")
    (folder / "x.txt").write_text(DOC, encoding="utf-8")
    (folder / "x~2.txt").write_text(DOC.replace("24次", "25次"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, output = extract_cli(str(folder), "-o", str(out))
    assert code == 0, output
    docs = records(out)
    by_path = {Path(d["source"]["path"]).name: d["doc_id"] for d in docs}
    assert len(docs) == 3 and len(set(by_path.values())) == 3, by_path
    assert by_path["x~2.txt"] == "x~2"  # a file keeps its own name; the generated id steps aside
    assert by_path["x.html"] == "x"


def test_extract_many_gives_distinct_ids_when_an_input_is_named_like_a_generated_id():
    docs = list(pipeline.extract_many([("a", DOC), ("a", DOC), ("a~2", DOC)]))
    assert [d.doc_id for d in docs] == ["a", "a~3", "a~2"]
    docs = list(pipeline.extract_many([("a~2", DOC), ("a", DOC), ("a", DOC)]))
    assert [d.doc_id for d in docs] == ["a~2", "a", "a~3"]


def test_ids_stay_distinct_even_for_a_one_shot_iterator():
    # A generator cannot be scanned ahead, so a later input may have to step aside; still no id twice.
    docs = list(pipeline.extract_many(iter([("a", DOC), ("a", DOC), ("a~2", DOC), ("a~2", DOC)])))
    ids = [d.doc_id for d in docs]
    assert len(set(ids)) == 4 and ids[:2] == ["a", "a~2"]


def test_jsonl_ids_named_like_generated_ids_are_reserved(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [{"id": "a", "text": DOC}, {"id": "a", "text": DOC}, {"id": "a\u007e2", "text": DOC}]
    # the third id spelled with a JSON escape for "~": the id scan must decode it like the reader
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:2])
                      + '\n{"id": "a\\u007e2", "text": "' + DOC.replace("\n", "\\n") + '"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, output = extract_cli(str(corpus), "-o", str(out))
    assert code == 0, output
    assert [d["doc_id"] for d in records(out)] == ["a", "a~3", "a~2"]


def test_resume_keeps_the_same_id_assignment(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("x.txt", "x.html", "x~2.txt", "x~3.txt"):
        (folder / name).write_text(f"<p>{DOC}</p>" if name.endswith(".html") else DOC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(DOC, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [str(folder), str(tmp_path / "sub"), "-o", str(out)]
    assert extract_cli(*args)[0] == 0
    full = out.read_bytes()
    assert len({d["doc_id"] for d in records(out)}) == 5
    lines = full.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][:10])
    assert extract_cli(*args, "--resume")[0] == 0
    assert out.read_bytes() == full


# --- output read as input ----------------------------------------------------------------------

def make_folder(folder: Path, n: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"d{i}.txt").write_text(DOC.replace("24次", f"{i + 10}次"), encoding="utf-8")


@pytest.mark.parametrize("resume", [False, True])
def test_the_output_file_inside_the_input_folder_is_never_read(tmp_path, resume):
    folder = tmp_path / "in"
    make_folder(folder)
    out = folder / "out.jsonl"
    for _ in range(2):  # the second run finds the first run's output in the folder
        code, output = extract_cli(str(folder), "-o", str(out), *(["--resume"] if resume else []))
        assert code == 0, output
        assert [d["doc_id"] for d in records(out)] == ["d0", "d1", "d2"]
        assert not (folder / "out.jsonl.errors.jsonl").exists()
    assert "out.jsonl" in output and "never read as input" in output


def test_the_errors_file_inside_the_input_folder_is_never_read(tmp_path):
    folder = tmp_path / "in"
    make_folder(folder)
    (folder / "broken.docx").write_bytes(b"not a zip")
    out = folder / "out.jsonl"
    for _ in range(2):
        code, output = extract_cli(str(folder), "-o", str(out))
        assert code == 1
        errors = records(folder / "out.jsonl.errors.jsonl")
        assert [(e["doc_id"], e["error_type"]) for e in errors] == [("broken", "InvalidDocx")]
        assert [d["doc_id"] for d in records(out)] == ["d0", "d1", "d2"]
    assert "out.jsonl.errors.jsonl" in output and "never read as input" in output


def test_the_output_is_not_read_through_a_glob_or_a_symlink(tmp_path):
    folder = tmp_path / "in"
    make_folder(folder)
    out = folder / "out.jsonl"
    out.write_text('{"id": "stale", "text": "一、旧的输出"}\n', encoding="utf-8")
    (folder / "link.jsonl").symlink_to(out)
    code, output = extract_cli(str(folder / "*"), "-o", str(out))
    assert code == 0, output
    assert [d["doc_id"] for d in records(out)] == ["d0", "d1", "d2"]
    assert output.count("never read as input") == 2  # out.jsonl and link.jsonl, each named


def test_the_output_named_among_the_inputs_is_skipped_with_a_warning(tmp_path):
    make_folder(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "stale", "text": "一、旧的输出"}\n', encoding="utf-8")
    code, output = extract_cli(str(tmp_path / "in"), os.path.relpath(out), "-o", str(out))
    assert code == 0, output
    assert [d["doc_id"] for d in records(out)] == ["d0", "d1", "d2"]
    assert "never read as input" in output


# --- spans shifted by repeated BOMs ------------------------------------------------------------

@pytest.mark.parametrize("boms", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030"])
def test_every_leading_bom_is_removed_and_spans_are_exact(tmp_path, boms, encoding):
    decoded = "\ufeff" * boms + DOC.replace("\n", "\r\n")
    path = tmp_path / "doc.txt"
    path.write_bytes(decoded.encode(encoding))
    doc = pipeline.extract_file(path)
    assert_spans_exact(doc, document_text(decoded))
    assert any(i.span.text == "99%" for i in doc.indicators)


def test_extract_removes_every_leading_bom():
    text = "\ufeff\ufeff" + DOC
    doc = pipeline.extract(text)
    assert_spans_exact(doc, document_text(text))


def test_jsonl_text_with_two_boms_has_exact_spans(tmp_path):
    text = "\ufeff\ufeff" + DOC
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "j", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    [doc] = pipeline.extract_many([str(corpus)])
    assert_spans_exact(doc, document_text(text))


# --- text lost from HTML -----------------------------------------------------------------------

@pytest.mark.parametrize("page,fallback", [("办结率达到99%。", True), ("<p>办结率达到99%。</p>", True),
                                           ("<html><body>办结率达到99%。</body></html>", False)])
def test_a_page_with_text_is_never_an_empty_document(tmp_path, page, fallback):
    path = tmp_path / "one.html"
    path.write_text(page, encoding="utf-8")
    doc = pipeline.extract_file(path)
    assert [i.span.text for i in doc.indicators] == ["99%"]
    assert any("visible text" in w for w in doc.warnings) == fallback


PARAGRAPHS = ["今年以来，该县受理审批事项1.2万件，按时办结率99.1%。", "对工作不力的2个单位主要负责人进行约谈。",
              "全年组织明察暗访36次，发现问题12个，已全部整改到位。"]


def test_an_unclosed_script_does_not_swallow_the_page(tmp_path):
    page = ("<html><head><title>某县效能建设通报</title></head><body><article><p>" + PARAGRAPHS[0]
            + "</p><script>var shown = 1;<p>" + PARAGRAPHS[1] + "</p><p>" + PARAGRAPHS[2]
            + "</p></article></body></html>")
    path = tmp_path / "cut.html"
    path.write_text(page, encoding="utf-8")
    doc = pipeline.extract_file(path)
    text = pipeline.readers.document_text(path)
    for para in PARAGRAPHS:
        assert para in text
    assert "var shown" not in text
    assert doc.accountability and any("script" in w for w in doc.warnings)


def test_a_page_where_the_article_keeps_far_less_than_the_visible_text_falls_back(tmp_path):
    # Text in a layout table outside any article container: the extractor keeps a fragment only.
    rows = "".join(f"<tr><td>{p}</td></tr>" for p in PARAGRAPHS * 4)
    page = f"<html><body><div><p>首页</p></div><table>{rows}</table></body></html>"
    path = tmp_path / "table.html"
    path.write_text(page, encoding="utf-8")
    text = pipeline.readers.document_text(path)
    assert text.count(PARAGRAPHS[1]) == 4


# --- all at once (the "done when") ---------------------------------------------------

def test_colliding_names_double_bom_one_line_html_and_the_output_inside(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {"x.txt": DOC, "x~2.txt": "\ufeff\ufeff" + DOC, "x.html": "办结率达到99%。", "y.txt": DOC}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder / "out.jsonl"
    for flags in ([], ["--resume"]):
        code, output = extract_cli(str(folder), "-o", str(out), *flags)
        assert code == 0, output
        docs = [pipeline.models.Document.model_validate(d) for d in records(out)]
        assert sorted(Path(d.source.path).name for d in docs) == sorted(texts)
        assert len({d.doc_id for d in docs}) == len(texts)
        for d in docs:
            raw = texts[Path(d.source.path).name]
            text = document_text(raw) if not d.source.path.endswith(".html") else raw
            assert_spans_exact(d, text)


def test_an_unreadable_jsonl_corpus_and_a_link_loop_are_accounted_for(tmp_path):
    folder = tmp_path / "in"
    make_folder(folder, 1)
    (folder / "gone.jsonl").symlink_to(folder / "missing.jsonl")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    out = folder / "out.jsonl"
    code, output = extract_cli(str(folder), "-o", str(out))
    assert code == 1
    assert [d["doc_id"] for d in records(out)] == ["d0"]
    errors = {e["doc_id"]: e["error_type"] for e in records(folder / "out.jsonl.errors.jsonl")}
    assert errors == {"gone": "Unreadable", "loop": "Unreadable"}
