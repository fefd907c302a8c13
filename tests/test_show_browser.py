"""The HTML page in a real browser: headless Chromium renders the highlights (and a screenshot to look at)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.show import render_document_html
from tests.research_docs import documents, texts

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path("/tmp/pm_show.png")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    doc = next(d for d in documents() if d.doc_id == "wuhu-2023")
    path = tmp_path_factory.mktemp("show") / "page.html"
    path.write_text(render_document_html(doc, texts()[doc.doc_id]), encoding="utf-8")
    return path


def test_browser_dom_has_the_highlights(page, tmp_path):
    result = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    for kind in ("pm-indicator", "pm-accountability", "pm-campaign", "pm-measure"):
        assert f'class="{kind}' in dom, kind
    assert 'title="cases_accepted: 125000 件 · qualifier: approx' in dom
    assert 'id="pm-measure-1"' in dom and 'href="#pm-measure-1"' in dom
    assert "<script>" in dom  # our inline script survived; nothing was fetched


def test_browser_screenshot(page, tmp_path):
    SCREENSHOT.unlink(missing_ok=True)
    result = _chromium(tmp_path, f"--screenshot={SCREENSHOT}", "--window-size=1280,900", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 10_000
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
