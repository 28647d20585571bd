"""The notebook runs top to bottom (nbclient), renders to HTML (nbconvert) and that page loads in
headless Chromium with its plots; a screenshot is written to build/notebook.png."""
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


@pytest.fixture(scope="module")
def executed():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "explore_facts.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "strip outputs before committing"
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


@pytest.mark.slow
def test_notebook_runs_and_shows_everything(executed):
    outs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outs)
    assert "5 articles" in text
    images = [o for o in outs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "timeline and map plots"
    htmls = "".join(o.get("data", {}).get("text/html", "") for o in outs)
    for needle in ("COUNT", "REPORTER", "n_articles", "Badan Intelijen Nasional Korea Selatan"):
        assert needle in htmls, needle


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium package)")
    pytest.skip("chromium not installed: apt-get install chromium")


@pytest.mark.slow
def test_rendered_notebook_loads_in_chromium(executed, tmp_path):
    exporters = pytest.importorskip("nbconvert.exporters")
    browser = _chromium()
    body, _ = exporters.HTMLExporter().from_notebook_node(executed)
    page = tmp_path / "explore_facts.html"
    page.write_text(body, encoding="utf-8")
    common = CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Reported troop counts" in dom.stdout or "Timeline of reported counts" in dom.stdout
    assert dom.stdout.count("data:image/png") >= 2, "plots missing in the rendered page"
    assert "Traceback" not in dom.stdout
    shot_dir = ROOT / "build"
    shot_dir.mkdir(exist_ok=True)
    shot = shot_dir / "notebook.png"
    r = subprocess.run([browser, *common, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, r.stderr[-2000:]
