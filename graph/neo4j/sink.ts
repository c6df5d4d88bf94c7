// Neo4j sink: the build's graph into Neo4j. Into papergraph's managed server, a first load (empty database, or
// --neo4j-fresh) goes through neo4j-admin's bulk importer on the streamed CSVs; every other write is the idempotent
// batched UNWIND … MERGE. A NEO4J_URI server always gets the batched write (papergraph cannot stop it), and on a
// first load the neo4j-admin command for the CSVs is printed. Builds writing to one database take turns.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { neo4jImportArgs, neo4jImportCommand, neo4jImportPlan, writeNeo4jImportCsv, type ImportPlan } from '../export/neo4j-csv.ts';
import type { RecordRejection } from '../records.ts';
import { SILENT_PROGRESS, type Progress, type Sink, type SinkResult } from '../sink.ts';
import type { CommunitiesReport, GraphView } from '../types.ts';
import { connect } from './connect.ts';
import { connectionFromEnv, openDriver, type ConnectionSettings } from './connection.ts';
import { Neo4jSinkError } from './errors.ts';
import { acquireDbLock, DB_LOCK_DEFAULTS } from './lock.ts';
import { acquireLock, bulkImport, javaAvailable, managedConnection, managedState, serverOptions, statePaths, type ServerOptions } from './manager/index.ts';
import { javaMissing } from './manager/launcher.ts';
import { buildWritePlan } from './rows.ts';
import { applySchema, awaitIndexes } from './schema.ts';
import { WRITE_DEFAULTS, writePlan, type WriteSummary } from './writer.ts';

export type { WriteSummary } from './writer.ts';

export interface Neo4jSinkOptions {
  /**
   * 'required': any failure (no Java, unreachable, auth, write) throws.
   * 'auto': same, except that without NEO4J_URI and without Java it logs one line and writes nothing.
   */
  mode: 'required' | 'auto';
  /** Replace the managed database with this build (bulk import), after saying what it held. Managed server only. */
  fresh: boolean;
  /** 'auto': bulk import into an empty managed database, batched otherwise; 'batched': always MERGE batches. */
  load: 'auto' | 'batched';
  /** Rows per transaction of the batched write. */
  batchSize: number;
  /** Folder where this build wrote its neo4j-admin CSVs (neo4j-import/); without it the bulk path writes its own. */
  csvDir?: string;
  /** Seconds to wait for another papergraph build writing to the same database. */
  lockWaitSec: number;
  log: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Managed server options (state folder, port, heap …) over PAPERGRAPH_NEO4J_* and the defaults. */
  server: Partial<ServerOptions>;
}

export const NEO4J_SINK_DEFAULTS: Neo4jSinkOptions = {
  mode: 'required',
  fresh: false,
  load: 'auto',
  batchSize: WRITE_DEFAULTS.batchSize,
  lockWaitSec: DB_LOCK_DEFAULTS.waitSec,
  log: () => {},
  env: process.env,
  server: {},
};

export function validateNeo4jSinkOptions(options: Neo4jSinkOptions): Neo4jSinkOptions {
  const bad = (field: string, expecting: string) => new Neo4jSinkError('invalid-option', `neo4j sink: invalid \`${field}\`, expecting ${expecting}`);
  if (options.mode !== 'required' && options.mode !== 'auto') throw bad('mode', '"required" or "auto"');
  if (options.load !== 'auto' && options.load !== 'batched') throw bad('load', '"auto" or "batched"');
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw bad('batchSize', 'a positive integer');
  if (!(options.lockWaitSec >= 0) || !Number.isFinite(options.lockWaitSec)) throw bad('lockWaitSec', 'a non-negative number of seconds');
  if (options.fresh && connectionFromEnv(options.env)) {
    throw new Neo4jSinkError(
      'invalid-option',
      "--neo4j-fresh replaces papergraph's managed database; NEO4J_URI is set, and papergraph does not wipe a server it does not manage (clear it yourself, or unset NEO4J_URI)",
    );
  }
  return options;
}

/** How the graph went into Neo4j. */
export interface Neo4jLoad {
  path: 'bulk' | 'batched';
  uri: string;
  nodes: number;
  relationships: number;
  /** Graph nodes left out before writing (over Neo4j's index key limit), and the edges that went with them. */
  rejected: RecordRejection[];
  droppedEdges: number;
  ms: number;
  /** The batched write's summary (counters, timings). */
  write?: WriteSummary;
  /** The bulk path: writing CSVs (0 when the build's were used), stopping the server, the importer alone, starting
   * the server, and schema + index population after it. */
  csvMs?: number;
  stopMs?: number;
  importMs?: number;
  /** The importer's own count, without its JVM's start. */
  importerReportedMs?: number;
  startMs?: number;
  schemaMs?: number;
}

export interface Neo4jSinkResult extends SinkResult {
  /** Undefined when the sink skipped (mode 'auto' without Java). */
  load?: Neo4jLoad;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function logRejections(log: (line: string) => void, rejected: RecordRejection[], droppedEdges: number): void {
  if (rejected.length === 0) return;
  log(`neo4j: left out ${plural(rejected.length, 'node')} and ${plural(droppedEdges, 'edge')} before writing (index-key-too-large):`);
  for (const r of rejected.slice(0, 20)) log(`  ${r.reason}`);
  if (rejected.length > 20) log(`  … and ${rejected.length - 20} more`);
}

export interface Neo4jSink extends Sink {
  write(graph: GraphView, report: CommunitiesReport, progress?: Progress): Promise<Neo4jSinkResult>;
}

/** The Neo4j sink for the build: `neo4jSink(options).write(graph, report, progress)`. */
export function neo4jSink(partial: Partial<Neo4jSinkOptions> = {}): Neo4jSink {
  // The environment is read when the sink is made, not when this module loaded.
  const o = validateNeo4jSinkOptions({ ...NEO4J_SINK_DEFAULTS, env: process.env, ...partial });
  return {
    name: 'neo4j',
    async write(graph: GraphView, report: CommunitiesReport, progress: Progress = SILENT_PROGRESS): Promise<Neo4jSinkResult> {
      const env = connectionFromEnv(o.env);
      if (env) return result(await batched(graph, report, progress, o, { settings: env }));
      if (!javaAvailable()) {
        if (o.mode === 'required') throw javaMissing();
        const note = 'skipped — Java 17+ is not installed; install a JDK 17 (the server is fetched with Maven) or set NEO4J_URI, then re-run';
        o.log(`neo4j: ${note}`);
        return { sink: 'neo4j', written: [], note };
      }
      const server = serverOptions(o.server, o.env);
      // Builds on this machine take turns on the managed server (a bulk load stops it); the database lock below
      // also covers writers elsewhere.
      const release = await acquireLock(statePaths(server.stateDir).writeLock, {
        timeoutMs: o.lockWaitSec * 1000,
        code: 'locked',
        onWait: (pid) => o.log(`neo4j: waiting for another papergraph build (pid ${pid ?? '?'}) writing to the managed server…`),
      });
      try {
        const reason = await bulkReason(server, o);
        if (reason) return result(await bulk(graph, report, progress, o, server, reason));
        return result(await batched(graph, report, progress, o, { server }));
      } finally {
        await release();
      }
    },
  };
}

function result(load: Neo4jLoad): Neo4jSinkResult {
  const rows = load.nodes + load.relationships;
  const note = `${load.path === 'bulk' ? 'bulk-imported' : 'wrote'} ${plural(load.nodes, 'node')} and ${plural(load.relationships, 'relationship')} to ${load.uri} in ${(load.ms / 1000).toFixed(1)} s (${Math.round(rows / (load.ms / 1000)).toLocaleString('en-US')} rows/s)`;
  return { sink: 'neo4j', written: [], note, load };
}

/** True when the database holds no node but, perhaps, a build's lock (only emptiness matters: one node is enough). */
async function isEmpty(driver: Driver, database?: string): Promise<boolean> {
  const { records } = await driver.executeQuery('MATCH (n) WHERE NOT n:PapergraphLock WITH n LIMIT 1 RETURN count(n) AS n', {}, { database });
  return Number(records[0]?.get('n') ?? 0) === 0;
}

/** Why the managed database gets a bulk load, or undefined for the batched write. */
async function bulkReason(server: ServerOptions, o: Neo4jSinkOptions): Promise<string | undefined> {
  const paths = statePaths(server.stateDir);
  if (o.fresh) {
    let held = 'the existing database';
    const state = await managedState(server, o.env);
    if (state.running) {
      const driver = await openDriver(await managedConnection(server));
      try {
        const { records } = await driver.executeQuery('MATCH (n) WHERE NOT n:PapergraphLock RETURN count(n) AS n');
        held = `its ${plural(Number(records[0]?.get('n') ?? 0), 'node')}`;
      } finally {
        await driver.close();
      }
    } else if (!existsSync(paths.database)) held = 'nothing yet';
    return `--neo4j-fresh: replacing the managed database in ${paths.home} (${held}) with this build`;
  }
  if (o.load === 'batched') return undefined;
  if (existsSync(paths.importMarker)) return 'the last bulk import into the managed database did not finish; importing again';
  if (!existsSync(paths.database)) return 'first load into an empty managed database';
  const { driver } = await connect({ start: true, server, env: o.env, log: o.log });
  try {
    return (await isEmpty(driver)) ? 'first load into an empty managed database' : undefined;
  } finally {
    await driver.close();
  }
}

/** The CSVs for the import: the build's own when they match this graph (same files and headers), else fresh ones. */
async function importCsv(graph: GraphView, report: CommunitiesReport, o: Neo4jSinkOptions, staging: string, progress: Progress) {
  const plan = neo4jImportPlan(graph, report);
  if (o.csvDir) {
    const headers = await Promise.all(plan.tables.map((t) => readFile(join(o.csvDir!, t.file), 'utf8').then((text) => text.slice(0, text.indexOf('\n')), () => undefined)));
    if (plan.tables.every((t, i) => headers[i] === t.header.join(','))) return { dir: o.csvDir, plan, staged: false };
  }
  await rm(staging, { recursive: true, force: true });
  await writeNeo4jImportCsv(graph, report, staging, progress);
  return { dir: staging, plan, staged: true };
}

async function bulk(graph: GraphView, report: CommunitiesReport, progress: Progress, o: Neo4jSinkOptions, server: ServerOptions, reason: string): Promise<Neo4jLoad> {
  const started = performance.now();
  o.log(`neo4j: ${reason}: bulk import with neo4j-admin`);
  const paths = statePaths(server.stateDir);
  const csv = await importCsv(graph, report, o, paths.importStaging, progress);
  const csvMs = Math.round(performance.now() - started);
  logRejections(o.log, csv.plan.rejected, csv.plan.droppedEdges);
  const rows = csv.plan.tables.reduce((n, t) => n + t.rows, 0);
  progress.start('neo4j bulk import', rows);
  // Absolute paths: the importer runs in the CSV folder, so a relative one ('out/neo4j-import', the CLI's default
  // --out) would be read twice over ('out/neo4j-import/out/neo4j-import/papers.csv').
  const dir = resolve(csv.dir);
  const imported = await bulkImport(server, { args: neo4jImportArgs(csv.plan, dir, { multilineFiles: true }), cwd: dir }, o.log, o.env);
  progress.tick(rows);
  const t = performance.now();
  const driver = await openDriver(imported.started.settings);
  try {
    await applySchema(driver);
    await awaitIndexes(driver);
  } finally {
    await driver.close();
  }
  const schemaMs = Math.round(performance.now() - t);
  if (csv.staged) await rm(csv.dir, { recursive: true, force: true });
  const nodes = countRows(csv.plan, 'nodes');
  const load: Neo4jLoad = {
    path: 'bulk',
    uri: imported.started.settings.uri,
    nodes,
    relationships: rows - nodes,
    rejected: csv.plan.rejected,
    droppedEdges: csv.plan.droppedEdges,
    ms: Math.round(performance.now() - started),
    csvMs,
    stopMs: imported.stopMs,
    importMs: imported.importMs,
    ...(imported.importerReportedMs !== undefined ? { importerReportedMs: imported.importerReportedMs } : {}),
    startMs: imported.startMs,
    schemaMs,
  };
  progress.end(`${rows.toLocaleString('en-US')} rows`);
  o.log(
    `neo4j: bulk-imported ${plural(load.nodes, 'node')} and ${plural(load.relationships, 'relationship')} into ${load.uri} in ${(load.ms / 1000).toFixed(1)} s ` +
      `(${csv.staged ? `CSVs ${(csvMs / 1000).toFixed(1)} s, ` : ''}${imported.restarted ? `stop ${(imported.stopMs / 1000).toFixed(1)} s, ` : ''}importer ${(imported.importMs / 1000).toFixed(1)} s, ` +
      `${Math.round(rows / (imported.importMs / 1000)).toLocaleString('en-US')} rows/s; start ${(imported.startMs / 1000).toFixed(1)} s; schema and indexes ${(schemaMs / 1000).toFixed(1)} s)`,
  );
  return load;
}

function countRows(plan: ImportPlan, kind: 'nodes' | 'relationships'): number {
  return plan.tables.filter((t) => t.kind === kind).reduce((n, t) => n + t.rows, 0);
}

async function batched(
  graph: GraphView,
  report: CommunitiesReport,
  progress: Progress,
  o: Neo4jSinkOptions,
  target: { settings: ConnectionSettings } | { server: ServerOptions },
): Promise<Neo4jLoad> {
  const started = performance.now();
  const { driver, settings } =
    'settings' in target
      ? { driver: await openDriver(target.settings), settings: target.settings }
      : await connect({ start: true, server: target.server, env: o.env, log: o.log });
  try {
    if (settings.kind === 'env' && o.csvDir && (await isEmpty(driver, settings.database))) {
      o.log(
        `neo4j: ${settings.uri} is empty; writing with batched MERGE. For a faster first load of a large graph, stop that database and run:\n` +
          neo4jImportCommand(neo4jImportPlan(graph, report), { database: settings.database ?? 'neo4j', dir: resolve(o.csvDir) }),
      );
    }
    const lock = await acquireDbLock(driver, {
      database: settings.database,
      waitSec: o.lockWaitSec,
      onWait: (holder, held) => o.log(`neo4j: waiting for another papergraph write to ${settings.uri} (${holder}, for ${Math.round(held / 1000)} s so far)…`),
    });
    try {
      const plan = buildWritePlan(graph, report);
      logRejections(o.log, plan.rejected, plan.droppedEdges);
      const write = await writePlan(driver, plan, { batchSize: o.batchSize, database: settings.database, progress, guard: () => lock.check() });
      const load: Neo4jLoad = {
        path: 'batched',
        uri: settings.uri,
        nodes: write.nodes,
        relationships: write.relationships,
        rejected: plan.rejected,
        droppedEdges: plan.droppedEdges,
        ms: Math.round(performance.now() - started),
        write,
      };
      o.log(
        `neo4j: wrote ${plural(write.nodes, 'node')} and ${plural(write.relationships, 'relationship')} to ${settings.uri} in ${(write.ms / 1000).toFixed(1)} s ` +
          `(${write.batches} batches; created ${write.counters.nodesCreated} nodes, ${write.counters.relationshipsCreated} relationships` +
          `${write.staleNodes ? `; ${plural(write.staleNodes, 'node')} of another build lost their community id` : ''})`,
      );
      return load;
    } finally {
      await lock.release();
    }
  } finally {
    await driver.close();
  }
}

/**
 * The build's Neo4j step as one call (kept for callers that do not run sinks): writes to NEO4J_URI when set, else
 * to the managed local server (started, and on first use fetched with Maven, when needed). Returns how the graph
 * went in, or undefined when mode 'auto' skipped it.
 */
export async function writeBuildToNeo4j(graph: GraphView, report: CommunitiesReport, options: Partial<Neo4jSinkOptions>, progress: Progress = SILENT_PROGRESS): Promise<Neo4jLoad | undefined> {
  return (await neo4jSink(options).write(graph, report, progress)).load;
}
