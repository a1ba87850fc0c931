"""Our GraphML and GEXF drawn as Gephi Lite and most web viewers draw them: parsed by graphology, laid out,
rendered by sigma.js 3 on WebGL in a real headless Chromium. Install the clients with scripts/install-clients.sh.

sigma reads some node attributes as drawing instructions: a node attribute `type` of "Person" made the page
fail with 'could not find a suitable program for node type "Person"' (issue 21, item 10)."""
from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "tests" / "clients"
ESBUILD = CLIENTS / "node_modules" / ".bin" / "esbuild"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or not ESBUILD.exists() or not (CLIENTS / "node_modules" / "sigma").is_dir(),
    reason="chromium, sigma or esbuild absent (run scripts/install-clients.sh)")

# SwiftShader gives headless Chromium the WebGL that sigma draws with, on a machine with no GPU
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                  "--disable-dev-shm-usage", "--dump-dom", "--virtual-time-budget=10000")
RESULT = re.compile(r'<pre id="result">([^<]*)</pre>')


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> str:
    """render_sigma.mjs and its modules (graphology, its parsers, sigma) as one script for the page."""
    out = tmp_path_factory.mktemp("sigma") / "bundle.js"
    done = subprocess.run([str(ESBUILD), str(CLIENTS / "render_sigma.mjs"), "--bundle", "--format=iife",
                           f"--outfile={out}", "--log-level=error"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def render(bundle: str, path: Path, tmp_path: Path) -> dict:
    """What sigma made of the file in headless Chromium: {ok, order, size, drawn} or {ok: false, error}."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    gexf = "true" if path.suffix == ".gexf" else "false"
    page = tmp_path / f"{path.stem}-{path.suffix[1:]}.html"
    page.write_text(
        '<!doctype html><meta charset="utf-8"><div id="graph" style="width:800px;height:600px"></div>'
        f'<pre id="result">not run</pre><script>{bundle}</script><script>'
        f'const text = new TextDecoder().decode(Uint8Array.from(atob("{data}"), (c) => c.charCodeAt(0)));'
        f'document.getElementById("result").textContent = JSON.stringify(window.kgRender(text, {gexf}));'
        '</script>', encoding="utf-8")
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, page.as_uri()], capture_output=True, text=True,
                          timeout=120)
    found = RESULT.search(done.stdout)
    assert found, f"no result from chromium (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_sigma_draws_every_node_of_the_seed_export(seed_build, bundle, tmp_path, name):
    import networkx as nx

    path = seed_build / name
    expected = nx.read_graphml(path) if name.endswith(".graphml") else nx.read_gexf(path)
    drawn = render(bundle, path, tmp_path)
    assert drawn.get("ok"), drawn
    assert drawn["order"] == expected.number_of_nodes() > 0
    assert drawn["size"] == expected.number_of_edges()
    assert drawn["drawn"] == drawn["order"]


def test_the_check_fails_on_a_node_attribute_sigma_reserves(seed_build, bundle, tmp_path):
    """The same page refuses our GraphML once its entity type is named `type`: the check can fail."""
    text = (seed_build / "graph.graphml").read_text(encoding="utf-8")
    assert 'attr.name="entity_type"' in text
    bad = tmp_path / "reserved.graphml"
    bad.write_text(text.replace('attr.name="entity_type"', 'attr.name="type"'), encoding="utf-8")
    drawn = render(bundle, bad, tmp_path)
    assert drawn["ok"] is False
    assert "could not find a suitable program for node type" in drawn["error"]
