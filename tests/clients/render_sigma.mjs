// Draw a GraphML or GEXF file with sigma.js 3 as Gephi Lite does (graphology parser, then sigma on WebGL):
// bundled by esbuild into a page that headless Chromium opens. window.kgRender(text, isGexf) returns
// {ok, order, size, drawn, error}: drawn counts the nodes sigma computed display data for.
import Graph from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { parse as parseGexf } from 'graphology-gexf';
import { circular } from 'graphology-layout';
import Sigma from 'sigma';

window.kgRender = (text, isGexf) => {
  try {
    const graph = isGexf
      ? parseGexf(Graph, text, { allowUndeclaredAttributes: true, addMissingNodes: true })
      : parseGraphml(Graph, text, { addMissingNodes: true });
    circular.assign(graph);  // the files carry no positions: a viewer lays them out first
    graph.forEachNode((node) => graph.setNodeAttribute(node, 'size', 4));
    const container = document.getElementById('graph');
    const renderer = new Sigma(graph, container, { renderEdgeLabels: true });
    renderer.refresh();
    let drawn = 0;
    graph.forEachNode((node) => { if (renderer.getNodeDisplayData(node)) drawn += 1; });
    renderer.kill();
    return { ok: true, order: graph.order, size: graph.size, drawn };
  } catch (err) {
    return { ok: false, error: String(err && err.message || err) };
  }
};
