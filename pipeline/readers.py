"""Readers: bytes on disk → decoded text plus a ``Source``.

A reader returns the text as decoded (BOMs and ``\\r`` kept); :func:`pipeline.core.normalize_text`
turns it into the document text of SCHEMA.md "Text and spans", in one place, when it is extracted.

- ``.txt``: UTF-8 (with or without BOM) on a fast path, else the encoding charset-normalizer
  detects (GB18030/GBK, Big5, UTF-16 …); GBK family is decoded as GB18030, its superset.
- ``.html``/``.htm``: decoded like text (a declared ``charset`` wins), reduced to the article by
  trafilatura; the page title becomes the first line when the body does not already start with it.
  When the article extractor keeps nothing or far less than the page shows, the page's visible
  text is used instead (with a warning), so a page with text never comes out empty.
- ``.docx``: paragraphs and table rows in body order, one per line (cells joined by a tab).
- ``.jsonl``: one document per line, ``id``/``text`` field names configurable (see ``pipeline.batch``).

Every reader raises :class:`ReadError` with a message a user can act on.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .core import normalize_text
from .models import Source

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
DOCX_SUFFIXES = {".docx": "docx"}
JSONL_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl"}
SUPPORTED_SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **DOCX_SUFFIXES, **JSONL_SUFFIXES}

DEFAULT_MAX_BYTES = 32 * 1024 * 1024

# Encodings that a detector reports for simplified-Chinese pages; all decode as GB18030.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn"}


class ReadError(Exception):
    """A document that could not be read; ``kind`` names the problem for error records."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass
class RawDocument:
    """``text`` as decoded; ``source.chars`` is set by ``extract`` to the length of the document text."""

    doc_id: str
    text: str
    source: Source
    warnings: list[str] = field(default_factory=list)


def format_of(path: Path) -> str | None:
    return SUPPORTED_SUFFIXES.get(path.suffix.lower())


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes or many C0 controls in the head: not text (UTF-16/32 carry a BOM and are allowed)."""
    head = raw[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``raw``; returns (text, encoding name, warnings).

    >>> decode_bytes("效能建设".encode("gbk"))[1]
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbf" + "马上办".encode())[:2]
    ('马上办', 'utf-8-sig')
    """
    warnings: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", warnings
        except UnicodeDecodeError:
            pass
    if declared:
        enc = _canonical(declared)
        try:
            return raw.decode(enc), enc, warnings
        except (UnicodeDecodeError, LookupError):
            warnings.append(f"declared charset {declared!r} does not decode this file; detecting instead")
    try:
        return raw.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    if _looks_binary(raw):
        raise ReadError("BinaryFile", "file looks binary (NUL or control bytes), not text")
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 1 << 20]).best()  # the first MiB is plenty to decide
    if best is not None:
        enc = _canonical(best.encoding)
        try:
            return raw.decode(enc), enc, warnings
        except UnicodeDecodeError:
            text = raw.decode(enc, errors="replace")
            warnings.append(f"encoding detected as {enc} but some bytes do not decode; replaced with U+FFFD")
            return text, enc, warnings
    # Mostly UTF-8 with a few broken bytes (a truncated download, a bad copy): keep it, say so.
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(16, len(text) // 100):
        warnings.append(f"invalid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD")
        return text, "utf-8", warnings
    raise ReadError("UnknownEncoding", "could not determine the text encoding (not UTF-8, GB18030, Big5 …)")


def _canonical(name: str) -> str:
    name = name.lower().replace("-", "_")
    if name in _GB_FAMILY:
        return "gb18030"
    if name in {"utf_8", "utf8"}:
        return "utf-8"
    if name in {"big5", "big5hkscs", "cp950"}:
        return "big5hkscs" if name == "big5hkscs" else "big5"
    return name.replace("_", "-")


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError("Unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc
    if max_bytes and size > max_bytes:
        raise ReadError("TooLarge", f"{size} bytes exceeds the size limit of {max_bytes} bytes (option max_bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError("Unreadable", f"cannot read {path}: {exc.strerror or exc}") from exc


def read_txt(path: Path, raw: bytes, doc_id: str) -> RawDocument:
    text, enc, warnings = decode_bytes(raw)
    if enc not in ("utf-8", "utf-8-sig"):
        warnings.append(f"encoding detected as {enc}")
    return RawDocument(doc_id, text, Source(path=str(path), sha256=_sha256(raw), encoding=enc,
                                            format="txt", chars=len(text)), warnings)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


# The publication line under a headline (发布时间：2021-06-08 来源：市政府办): article extractors drop
# it as boilerplate, but it carries the document's date and issuer, so it is kept as written.
_BYLINE = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[:：]\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?"
                     r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:来源|作者|信息来源|发布机构)\s*[:：]\s*[^\s:：]{1,30})*")


def _byline(html: str, body: str) -> str | None:
    import trafilatura

    visible = trafilatura.html2txt(html) or ""
    m = _BYLINE.search(visible)
    if not m or m.group() in body:
        return None
    return m.group().strip()


def read_html(path: Path, raw: bytes, doc_id: str) -> RawDocument:
    import trafilatura

    m = _META_CHARSET.search(raw[:4096])
    html, enc, warnings = decode_bytes(raw, declared=m.group(1).decode("ascii") if m else None)
    html, closed = close_unclosed_script(html)
    if closed:
        warnings.append(f"unclosed <{closed}> in the HTML: closed at the next tag, so the page text is kept")
    body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True,
                               deduplicate=False, with_metadata=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta is not None else ""
    visible = visible_text(html)
    if _far_less(body, visible):
        warnings.append("no article found in the HTML; used all visible text" if not body.strip() else
                        "the article extractor kept far less than the page shows; used all visible text")
        body = visible
    if not body.strip():
        raise ReadError("EmptyDocument", "no text found in the HTML page")
    byline = _byline(html, body)
    if byline:
        body = byline + "\n" + body
    if title and not body.lstrip().startswith(title):
        body = title + "\n" + body
    return RawDocument(doc_id, body, Source(path=str(path), sha256=_sha256(raw), encoding=enc,
                                            format="html", chars=len(body)), warnings)


# The article must keep at least this share of the page's visible characters. Menus, breadcrumbs
# and footers rarely outweigh an article tenfold (the sample news page keeps 68 %); an extractor that
# keeps less has usually lost the article itself (layout tables, markup it rejects).
_MIN_ARTICLE_SHARE = 0.1


def _far_less(body: str, visible: str) -> bool:
    kept, shown = _ink(body), _ink(visible)
    return shown > 0 and kept < _MIN_ARTICLE_SHARE * shown


def _ink(text: str) -> int:
    return len(text) - sum(text.count(c) for c in " \t\n\r\u3000\xa0")


_RAW_TEXT_OPEN = re.compile(r"<(script|style)\b[^<>]*>", re.I)
_TAG_START = re.compile(r"<[A-Za-z!/]")


def close_unclosed_script(html: str) -> tuple[str, str | None]:
    """Close a ``<script>``/``<style>`` left open, at the next tag; returns (html, the tag closed or None).

    A parser takes everything after an unclosed ``<script>`` as code, so a page cut or mangled after
    one loses its whole text. Only the last opening can be unclosed: any earlier one ends at the
    first closing tag after it.

    >>> close_unclosed_script("<p>甲</p><script>var a;<p>乙</p>")
    ('<p>甲</p><script>var a;</script><p>乙</p>', 'script')
    >>> close_unclosed_script("<script>x</script><p>甲</p>")[1] is None
    True
    """
    last = None
    for last in _RAW_TEXT_OPEN.finditer(html):
        pass
    if last is None or re.search(rf"</{last.group(1)}\s*>", html[last.end():], re.I):
        return html, None
    nxt = _TAG_START.search(html, last.end())
    cut = nxt.start() if nxt else len(html)
    return f"{html[:cut]}</{last.group(1).lower()}>{html[cut:]}", last.group(1).lower()


# Elements after which the visible text breaks the line.
_BLOCKS = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
           "header", "footer", "main", "nav", "aside", "table", "ul", "ol", "dl", "dd", "dt", "blockquote",
           "pre", "form", "hr", "figure", "figcaption", "caption", "address"}


def visible_text(html: str) -> str:
    """The text a browser shows in the page body: scripts and styles removed, one line per block."""
    import lxml.etree
    import lxml.html

    try:
        # Parsed from bytes: lxml refuses a str that carries an XML encoding declaration.
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):  # nothing parseable: no visible text
        return ""
    for el in root.xpath("//script|//style|//noscript|//template|//head"):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def read_docx(path: Path, raw: bytes, doc_id: str) -> RawDocument:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise ReadError("InvalidDocx", "not a .docx file (a .docx is a zip archive; this one is not)")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise ReadError("InvalidDocx", f"cannot open .docx: {exc}") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    text = "\n".join(lines)
    return RawDocument(doc_id, text, Source(path=str(path), sha256=_sha256(raw), encoding=None,
                                            format="docx", chars=len(text)))


_READERS = {"txt": read_txt, "html": read_html, "docx": read_docx}


def read_document(path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read a .txt/.html/.docx file into its document text; raises :class:`ReadError`."""
    path = Path(path)
    fmt = format_of(path)
    if fmt == "jsonl":
        raise ReadError("UnsupportedFormat", "a .jsonl corpus holds many documents: use extract_many / the CLI")
    reader = _READERS.get(fmt or "txt")
    raw = read_bytes(path, max_bytes)
    if not raw.strip():
        raise ReadError("EmptyFile", "file is empty")
    return reader(path, raw, doc_id or path.stem)


def document_text(path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The document text of a file, as its spans count it (raises :class:`ReadError`)."""
    return normalize_text(read_document(path, max_bytes=max_bytes).text)
