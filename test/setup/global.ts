// vitest globalSetup: the suite stops at its end the test Neo4j it started (a server that was already running —
// a developer's, or CI's — is left as it was). Teardown waits for any test run still using that server.
import { join } from 'node:path';
import { acquireLock, managedState, stopServer } from '../../graph/neo4j/manager/index.ts';
import { TEST_SERVER } from './neo4j.ts';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.PAPERGRAPH_TEST_NEO4J_URI) return async () => {};
  const before = await managedState(TEST_SERVER);
  return async () => {
    if (before.running) return;
    const release = await acquireLock(join(TEST_SERVER.stateDir!, 'tests.lock'), 15 * 60_000);
    try {
      const stopped = await stopServer(TEST_SERVER);
      if (stopped.stopped) process.stderr.write(`test Neo4j (pid ${stopped.pid}) stopped\n`);
    } finally {
      await release();
    }
  };
}
