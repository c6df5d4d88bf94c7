// Test Neo4j for integration tests: PAPERGRAPH_TEST_NEO4J_URI when set, else a managed server of its own
// (.state/neo4j-test, port 7688) so tests never touch the data of `papergraph db start` (port 7687).
import { join } from 'node:path';
import type { ConnectionSettings } from '../../graph/neo4j/connection.ts';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { REPO_ROOT } from '../../ingest/paths.ts';
import { acquireLock, javaAvailable, startServer, type ServerOptions } from '../../graph/neo4j/manager/index.ts';

export const TEST_SERVER: Partial<ServerOptions> = {
  stateDir: join(REPO_ROOT, '.state', 'neo4j-test'),
  port: Number(process.env.PAPERGRAPH_TEST_NEO4J_PORT ?? 7688),
  heap: '1g',
  pagecache: '512m',
  startTimeoutSec: 300,
};

/** Why integration tests would skip; undefined = they run. In CI they never skip: a missing server fails them. */
export function neo4jSkipReason(): string | undefined {
  if (process.env.PAPERGRAPH_TEST_NEO4J_URI || process.env.CI) return undefined;
  if (!javaAvailable()) return 'Java 17 is not installed, so no test Neo4j can start (install a JDK 17, or set PAPERGRAPH_TEST_NEO4J_URI/_USERNAME/_PASSWORD)';
  return undefined;
}

/** Settings of the test server, starting it when needed (the suite stops it at its end: test/setup/global.ts). */
export async function testNeo4j(): Promise<ConnectionSettings> {
  const uri = process.env.PAPERGRAPH_TEST_NEO4J_URI;
  if (uri) {
    return {
      kind: 'env',
      uri,
      username: process.env.PAPERGRAPH_TEST_NEO4J_USERNAME ?? 'neo4j',
      password: process.env.PAPERGRAPH_TEST_NEO4J_PASSWORD ?? '',
    };
  }
  return (await startServer(TEST_SERVER)).settings;
}

/**
 * Integration tests wipe the test database: two runs at once (several people sharing a checkout) would
 * clobber each other, so a run holds this lock from beforeAll to afterAll.
 */
export async function lockTestDatabase(): Promise<() => Promise<void>> {
  const stateDir = TEST_SERVER.stateDir!;
  mkdirSync(stateDir, { recursive: true });
  return acquireLock(join(stateDir, 'tests.lock'), 15 * 60_000);
}

/** A TCP port free on 127.0.0.1 right now (for servers a test starts of its own). */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}
