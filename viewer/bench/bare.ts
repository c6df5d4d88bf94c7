// Bare sigma page for the viewer benchmark: same data path (manifest → graph.json), no reducers, no UI — the baseline our overhead is measured against.
import { DirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, NodeCircleProgram } from 'sigma/rendering';

async function main(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  root.style.cssText = 'position:absolute;inset:0';
  const manifest = (await (await fetch('manifest.json')).json()) as { graph: string };
  const graph = DirectedGraph.from(await (await fetch(manifest.graph)).json());
  // Our `type` attributes are domain types, so sigma looks programs up under those names: every type the graph holds
  // is drawn with sigma's plainest programs (a list written out here missed the types added later, and sigma refuses
  // a graph with a type it has no program for).
  const nodeProgramClasses: Record<string, typeof NodeCircleProgram> = {};
  const edgeProgramClasses: Record<string, typeof EdgeLineProgram> = {};
  graph.forEachNode((_key, a) => (nodeProgramClasses[String(a.type)] = NodeCircleProgram));
  graph.forEachEdge((_key, a) => (edgeProgramClasses[String(a.type)] = EdgeLineProgram));
  const renderer = new Sigma(graph, root, { nodeProgramClasses, edgeProgramClasses });
  const firstRenderMs = performance.now();
  const times: number[] = [];
  let start = 0;
  renderer.on('beforeRender', () => { start = performance.now(); });
  renderer.on('afterRender', () => { times.push(performance.now() - start); });
  // Same hook name and shape subset as the app's DebugHook, so the benchmark reads both alike.
  (window as unknown as { __papergraph: unknown }).__papergraph = {
    mode: 'bare',
    firstRenderMs,
    renderTimes: () => [...times],
    counts: () => ({ display: graph.order, visible: graph.order, total: graph.order }),
  };
  document.body.dataset.ready = 'true';
}

void main();
