"""Readers: each encoding and format gives the same document text, and says what it detected."""
from __future__ import annotations

import pytest

from pipeline.readers import ReadError, decode_bytes, document_text, read_document

TEXT = "关于深化“马上办”改革的实施方案\n一、工作目标\n到年底，行政审批事项平均办理时间压缩至3个工作日以内，群众满意率达到95%以上。\n"
TRAD = "關於深化「馬上辦」改革的實施方案\n一、工作目標\n到年底，行政審批事項平均辦理時間壓縮至3個工作日以內，群眾滿意率達到95%以上。\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
])
def test_txt_encodings_decode_to_the_same_text(tmp_path, encoding, expected):
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = read_document(path)
    assert doc.text == TEXT
    assert doc.source.encoding == expected
    assert doc.source.format == "txt"
    assert doc.source.chars == len(TEXT)
    assert doc.doc_id == "doc"


def test_big5_is_detected(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_bytes(TRAD.encode("big5"))
    doc = read_document(path)
    assert doc.text == TRAD
    assert doc.source.encoding.startswith("big5")
    assert any("big5" in w for w in doc.warnings)


def test_crlf_and_cr_become_newlines_in_the_document_text(tmp_path):
    path = tmp_path / "dos.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gbk"))
    assert read_document(path).text == TEXT.replace("\n", "\r\n")  # the reader decodes only
    assert document_text(path) == TEXT


def test_sha256_is_of_the_raw_bytes(tmp_path):
    import hashlib

    raw = TEXT.encode("gbk")
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    assert read_document(path).source.sha256 == hashlib.sha256(raw).hexdigest()


HTML = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>某市推进“马上办”改革见实效</title></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/news">新闻中心</a> | <a href="/login">用户登录</a></div>
<div class="crumb">您的位置：首页 &gt; 新闻中心 &gt; 工作动态</div>
<div class="login"><form>用户名<input name="u"> 密码<input name="p" type="password"><button>登录</button></form></div>
<article>
<h1>某市推进“马上办”改革见实效</h1>
<p>今年以来，某市聚焦企业和群众办事的难点堵点，全面推行“马上办”改革，政务服务效率明显提升。</p>
<p>全市共受理各类审批服务事项8.6万件，按时办结率达到99.2%，平均办理时间由5个工作日缩短为1.5个工作日。</p>
<p>市效能办组织明察暗访12次，对发现问题的4个单位进行通报批评，并责令限期整改。</p>
<p>下一步，该市将继续深化改革，推动更多事项网上办、掌上办、就近办，让群众少跑腿、好办事。</p>
</article>
<div class="footer">版权所有：某市人民政府办公室 网站标识码：1234567890 备案号：某ICP备00000000号 联系电话：0000-12345678</div>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_keeps_the_article_and_drops_site_chrome(tmp_path, charset):
    path = tmp_path / "news.html"
    path.write_bytes(HTML.format(charset=charset).encode(charset))
    doc = read_document(path)
    assert doc.source.format == "html"
    assert doc.source.encoding == ("utf-8" if charset == "utf-8" else "gb18030")
    assert "按时办结率达到99.2%" in doc.text
    assert doc.text.startswith("某市推进“马上办”改革见实效")
    for chrome in ("您的位置", "用户登录", "版权所有", "网站标识码", "密码"):
        assert chrome not in doc.text


def test_truncated_html_still_gives_text(tmp_path):
    path = tmp_path / "cut.htm"
    html = HTML.format(charset="utf-8")
    path.write_text(html[: html.index("下一步") + 10], encoding="utf-8")
    doc = read_document(path)
    assert "明察暗访12次" in doc.text


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("某县2019年机关效能建设工作总结")
    d.add_paragraph("一、主要做法")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "完成值"
    table.cell(1, 0).text = "办结率"
    table.cell(1, 1).text = "98.5%"
    d.add_paragraph("二、存在问题")
    path = tmp_path / "report.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.text == "某县2019年机关效能建设工作总结\n一、主要做法\n指标\t完成值\n办结率\t98.5%\n二、存在问题"
    assert doc.source.format == "docx"


@pytest.mark.parametrize("name,payload,kind", [
    ("empty.txt", b"", "EmptyFile"),
    ("blank.txt", b"  \n\n ", "EmptyFile"),
    ("binary.txt", bytes(range(256)) * 40, "BinaryFile"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200, "BinaryFile"),
    ("fake.docx", "这不是一个压缩包".encode(), "InvalidDocx"),
])
def test_bad_inputs_raise_a_read_error_naming_the_problem(tmp_path, name, payload, kind):
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert info.value.kind == kind
    assert str(info.value)


def test_size_limit_names_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("效能".encode() * 1000)
    with pytest.raises(ReadError, match="size limit of 100 bytes") as info:
        read_document(path, max_bytes=100)
    assert info.value.kind == "TooLarge"


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(ReadError) as info:
        read_document(tmp_path / "nope.txt")
    assert info.value.kind == "Unreadable"


def test_invalid_utf8_inside_utf8_is_kept_with_a_warning():
    raw = ("机关效能建设取得明显成效。" * 50).encode() + b"\xff\xfe\xfa" + "群众满意率达到98%。".encode()
    text, enc, warnings = decode_bytes(raw)
    assert "群众满意率达到98%" in text
    assert warnings
