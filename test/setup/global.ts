// vitest globalSetup: the test Neo4j (.state/neo4j-test, started on demand by the integration tests) belongs to
// the suite, so the suite stops it at its end — after any other run still using it lets go of the tests lock.
import { join } from 'node:path';
import { acquireLock, stopServer } from '../../graph/neo4j/manager/index.ts';
import { TEST_SERVER } from './neo4j.ts';

export default function setup(): () => Promise<void> {
  return async () => {
    if (process.env.PAPERGRAPH_TEST_NEO4J_URI) return;
    const release = await acquireLock(join(TEST_SERVER.stateDir!, 'tests.lock'), 15 * 60_000);
    try {
      const stopped = await stopServer(TEST_SERVER);
      if (stopped.stopped) process.stderr.write(`test Neo4j (pid ${stopped.pid}) stopped\n`);
    } finally {
      await release();
    }
  };
}
