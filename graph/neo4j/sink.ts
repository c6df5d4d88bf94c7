// Build sink: writes a built research graph and its communities to Neo4j (`build --neo4j` and `npm start`).
import type { CommunitiesReport, ResearchGraph } from '../types.ts';
import { connect } from './connect.ts';
import { connectionFromEnv } from './connection.ts';
import { javaAvailable } from './server.ts';
import { writeGraph, type WriteSummary } from './writer.ts';

export type { WriteSummary } from './writer.ts';

export interface SinkOptions {
  /**
   * 'required': any failure (no Java, unreachable, auth, write) throws.
   * 'auto': same, except that without NEO4J_URI and without Java it logs one line and returns undefined.
   */
  mode: 'required' | 'auto';
  batchSize?: number;
  log?: (line: string) => void;
}

/**
 * Writes the graph to NEO4J_URI when set, else to the managed local server (started, and on first use
 * fetched with Maven, when needed). Idempotent: re-running the same build changes no counts.
 */
export async function writeBuildToNeo4j(graph: ResearchGraph, report: CommunitiesReport, options: SinkOptions): Promise<WriteSummary | undefined> {
  const log = options.log ?? (() => {});
  if (options.mode === 'auto' && !connectionFromEnv() && !javaAvailable()) {
    log('neo4j: skipped — Java 17+ is not installed; install a JDK 17 (the server is fetched with Maven) or set NEO4J_URI, then re-run');
    return undefined;
  }
  const { driver, settings } = await connect({ start: true, log });
  try {
    const write: Parameters<typeof writeGraph>[3] = { log, database: settings.database };
    if (options.batchSize !== undefined) write.batchSize = options.batchSize;
    const summary = await writeGraph(driver, graph, report, write);
    summary.uri = settings.uri;
    log(
      `neo4j: wrote ${summary.nodes} nodes and ${summary.relationships} relationships to ${settings.uri} in ${(summary.ms / 1000).toFixed(1)} s ` +
        `(${summary.batches} batches; created ${summary.counters.nodesCreated} nodes, ${summary.counters.relationshipsCreated} relationships)`,
    );
    return summary;
  } finally {
    await driver.close();
  }
}
