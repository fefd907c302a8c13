"""HTML pages: every item highlighted by type, overlaps nested or split, text escaped, no outside assets."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import Indicator, Span
from pipeline.show import KINDS, Highlight, IndexEntry, mark_up, render_document_html, render_index_html
from tests.research_docs import documents, texts


class MarkReader(HTMLParser):
    """Text of the text pane, with the set of data-item keys covering each character; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.chars: list[tuple[str, frozenset]] = []
        self.marks: list[dict] = []
        self.in_text = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("id") == "pm-text":
            self.in_text = 1
        elif tag == "mark":
            assert self.in_text, "marks belong in the text pane"
            self.stack.append(attrs)
            self.marks.append(attrs)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()  # raises if unbalanced
        elif tag == "div" and self.in_text and not self.stack:
            self.in_text = 0

    def handle_data(self, data):
        if self.in_text:
            keys = frozenset(a["data-item"] for a in self.stack)
            self.chars.extend((ch, keys) for ch in data)


def read(page: str) -> MarkReader:
    reader = MarkReader()
    reader.feed(page)
    assert not reader.stack
    return reader


@pytest.fixture(scope="module")
def pages():
    text_of = texts()
    return {d.doc_id: (d, text_of[d.doc_id], render_document_html(d, text_of[d.doc_id])) for d in documents()}


def test_text_is_reproduced_exactly(pages):
    for doc, text, page in pages.values():
        assert "".join(ch for ch, _ in read(page).chars) == text


def test_every_item_is_marked_by_type(pages):
    doc, text, page = pages["wuhu-2023"]
    reader = read(page)
    classes = [m["class"].split()[0] for m in reader.marks]
    assert classes.count("pm-indicator") >= len(doc.indicators)
    assert classes.count("pm-accountability") >= 1 and classes.count("pm-campaign") >= 1
    assert classes.count("pm-measure") >= len(doc.measures)
    assert set(classes) == {f"pm-{k}" for k in KINDS}


def test_each_item_covers_exactly_its_span(pages):
    for doc, text, page in pages.values():
        chars = read(page).chars
        for k, ind in enumerate(doc.indicators):
            covered = [pos for pos, (_, keys) in enumerate(chars) if f"pm-indicator-{k}" in keys]
            assert covered == list(range(ind.span.start, ind.span.end))
        for k, acc in enumerate(doc.accountability):
            covered = [pos for pos, (_, keys) in enumerate(chars) if f"pm-accountability-{k}" in keys]
            assert covered == list(range(acc.span.start, acc.span.end))


def test_measures_mark_their_heading_and_the_outline_links_to_it(pages):
    doc, text, page = pages["wuhu-2024"]
    chars = read(page).chars
    heading = "".join(ch for ch, keys in chars if "pm-measure-1" in keys)
    assert heading == "（一）压缩办理时限"
    assert 'href="#pm-measure-1"' in page and 'id="pm-measure-1"' in page
    # nested outline: the sub-measures sit in a list inside their parent's entry
    assert re.search(r'提速审批服务</a><span class="badge">streamlining</span><ol><li><a href="#pm-measure-1"', page)


def test_indicator_hover_gives_the_normalised_reading(pages):
    doc, text, page = pages["wuhu-2023"]
    titles = {m["data-item"]: m["title"] for m in read(page).marks}
    assert titles["pm-indicator-0"].startswith("cases_accepted: 125000 件")
    assert "qualifier: approx" in titles["pm-indicator-0"] and "status: achieved" in titles["pm-indicator-0"]
    assert "from: 20 工作日" in titles["pm-indicator-2"]
    assert "notice, rectification_order" in titles["pm-accountability-0"]


def test_overlapping_items_nest(pages):
    # the indicator 3个单位 lies inside the accountability clause
    doc, text, page = pages["wuhu-2023"]
    chars = read(page).chars
    start = text.index("3个单位")
    assert {"pm-accountability-0", "pm-indicator-4"} <= chars[start][1]


def test_text_is_escaped():
    doc = documents()[0]
    text = texts()[doc.doc_id]
    nasty = text.replace("芜湖市2023年", "<script>x</script>&")  # same length is not needed: spans are checked
    page = render_document_html(doc.model_copy(update={"measures": [], "indicators": [], "accountability": [],
                                                       "campaigns": []}), nasty)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;&amp;" in page


def test_items_that_do_not_fit_the_text_are_reported_not_marked():
    doc = documents()[0]
    page = render_document_html(doc, "另一个版本的文本")
    assert "<mark" not in page.split('<div id="pm-text">')[1]
    assert "not highlighted" in page


def test_page_is_self_contained(pages):
    for doc, text, page in pages.values():
        assert "<style>" in page and "<script>" in page and '<meta charset="utf-8">' in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
        assert "<link" not in page and "@import" not in page


def test_index_links_every_document(pages):
    entries = [IndexEntry(doc, f"{doc.doc_id}.html") for doc, _, _ in pages.values()]
    page = render_index_html(entries)
    for doc, _, _ in pages.values():
        assert f'href="{doc.doc_id}.html"' in page
    assert "安徽省芜湖市" in page and "4 documents" in page


def test_index_escapes_titles():
    doc = documents()[0].model_copy(update={"title": "<b>标题</b>"})
    page = render_index_html([(doc, 'a"b.html')])
    assert "<b>标题" not in page and "a&quot;b.html" in page


@st.composite
def spans_over_text(draw):
    text = draw(st.text(alphabet="ab<&\n", min_size=1, max_size=30))
    n = draw(st.integers(0, 6))
    items = []
    for k in range(n):
        s = draw(st.integers(0, len(text) - 1))
        e = draw(st.integers(s + 1, len(text)))
        items.append(Highlight(s, e, draw(st.sampled_from(KINDS)), f"x{k}", f"t{k}"))
    return text, items


@settings(max_examples=200, deadline=None)
@given(spans_over_text())
def test_any_overlap_gives_balanced_marks_covering_exact_spans(case):
    text, items = case
    reader = read(f'<div id="pm-text">{mark_up(text, items)}</div>')
    assert "".join(ch for ch, _ in reader.chars) == text
    for h in items:
        covered = [pos for pos, (_, keys) in enumerate(reader.chars) if h.item in keys]
        assert covered == list(range(h.start, h.end))
    ids = [m["id"] for m in reader.marks if "id" in m]
    assert sorted(ids) == sorted(h.item for h in items)  # one anchor per item


def test_indicator_of_zero_width_is_skipped():
    doc = documents()[0]
    text = texts()[doc.doc_id]
    empty = Indicator(value=1, unit="件", span=Span.of(text, 3, 3))
    page = render_document_html(doc.model_copy(update={"indicators": [empty]}), text)
    assert "pm-indicator" not in page.split('<div id="pm-text">')[1]
