"""notebooks/cities.ipynb runs top to bottom on ../shared/corpus/cities (skipped when it is not beside the checkout)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SHARED

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "cities.ipynb"


@pytest.mark.slow
def test_cities_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    if not (SHARED / "corpus" / "cities" / "index.tsv").is_file():
        pytest.skip("../shared/corpus/cities is not beside this checkout")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    # The kernel and its extraction workers import this checkout, whichever copy is installed.
    monkeypatch.setenv("PYTHONPATH", str(NOTEBOOK.parents[1]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 2  # indicator and campaign plots
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "123 documents extracted, 0 failed; 123 placed by the manifest" in text
    assert "spans checked against their source files" in text
