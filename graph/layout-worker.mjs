// Layout worker thread: runs ForceAtlas2 iterations on the flat matrices it is sent (graph/layout.ts's Fa2Job)
// and sends the node matrix back. Plain JavaScript: it needs no TypeScript loader.
import { parentPort } from 'node:worker_threads';
import iterate from 'graphology-layout-forceatlas2/iterate.js';

parentPort.on('message', ({ settings, nodes, edges, iterations }) => {
  for (let i = 0; i < iterations; i++) iterate(settings, nodes, edges);
  parentPort.postMessage({ nodes }, [nodes.buffer]);
});
