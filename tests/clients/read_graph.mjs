// Parse a GraphML or GEXF file exactly as Gephi Lite does and print what was read, as JSON.
// usage: node read_graph.mjs FILE [SAMPLE_SIZE]
// Exit status 1 (message on stderr) when the parser refuses the file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Graph = require('graphology');
const graphml = require('graphology-graphml');
const gexf = require('graphology-gexf');

const [file, sampleArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node read_graph.mjs FILE [SAMPLE_SIZE]');
  process.exit(2);
}
const sampleSize = Number(sampleArg || 5);
const text = readFileSync(file, 'utf8');
const isGexf = file.toLowerCase().endsWith('.gexf') || /<gexf[\s>]/.test(text.slice(0, 2000));

let graph;
try {
  graph = isGexf
    ? gexf.parse(Graph, text, { allowUndeclaredAttributes: true, addMissingNodes: true })
    : graphml.parse(Graph, text, { addMissingNodes: true });
} catch (err) {
  console.error(`${file}: ${err.message}`);
  process.exit(1);
}

const nodes = [];
graph.forEachNode((key, attributes) => nodes.push({ key, attributes }));
const edges = [];
graph.forEachEdge((key, attributes, source, target) => edges.push({ key, source, target, attributes }));

console.log(JSON.stringify({
  format: isGexf ? 'gexf' : 'graphml',
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  nodeAttributeNames: [...new Set(nodes.flatMap((n) => Object.keys(n.attributes)))].sort(),
  edgeAttributeNames: [...new Set(edges.flatMap((e) => Object.keys(e.attributes)))].sort(),
  nodes: nodes.slice(0, sampleSize),
  edges: edges.slice(0, sampleSize),
}, null, 1));
