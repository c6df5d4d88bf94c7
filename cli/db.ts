// papergraph db start|stop|status: the managed local Neo4j (or the NEO4J_URI server, which it only reports on).
import type { Command } from 'commander';
import { connectionFromEnv, openDriver, type ConnectionSettings } from '../graph/neo4j/connection.ts';
import { resolveSettings } from '../graph/neo4j/connect.ts';
import { Neo4jSinkError } from '../graph/neo4j/errors.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../ingest/paths.ts';
import { COMMUNITY_KIND, NODE_KINDS, NODE_TYPES } from '../graph/records.ts';
import { managedState, serverOptions, startServer, statePaths, stopServer, type ServerOptions } from '../graph/neo4j/manager/index.ts';
import { CliError } from './errors.ts';
import { parsePositiveInt } from './options.ts';

/** Sink errors become one-line CLI errors keeping their code: usage mistakes (options, parameters) exit 2, the rest 1. */
export function cliFromSink(err: unknown): unknown {
  if (!(err instanceof Neo4jSinkError)) return err;
  return new CliError(err.code, err.message, err.code === 'invalid-option' || err.code === 'invalid-param' ? 2 : 1);
}

const stderr = (line: string) => process.stderr.write(`${line}\n`);

export interface DbStatus {
  server: 'env' | 'managed';
  uri: string;
  running: boolean;
  version?: string;
  edition?: string;
  nodes?: number;
  relationships?: number;
  labels?: Record<string, number>;
  pid?: number;
  stateDir?: string;
  passwordFile?: string;
  /** server.json named a process that is not papergraph's server (reused pid). */
  stale?: string;
  /** A bulk import into the managed database did not finish: the next build imports again. */
  importIncomplete?: boolean;
  error?: string;
  /** Code of the error (auth, auth-rate-limit, unreachable …). */
  errorCode?: string;
}

/** Contacts the server in use and counts what it holds. */
export async function dbStatus(): Promise<DbStatus> {
  const env = connectionFromEnv();
  const state = await managedState();
  const status: DbStatus = env
    ? { server: 'env', uri: env.uri, running: false }
    : {
        server: 'managed',
        uri: `bolt://127.0.0.1:${state.info?.port ?? state.options.port}`,
        running: state.running,
        stateDir: state.options.stateDir,
        passwordFile: statePaths(state.options.stateDir).password,
      };
  if (state.info && !env) status.pid = state.info.pid;
  if (!env && state.stale) status.stale = state.stale;
  if (!env && existsSync(statePaths(state.options.stateDir).importMarker)) status.importIncomplete = true;
  if (!env && !state.running) return status;
  let settings: ConnectionSettings;
  try {
    settings = await resolveSettings({ start: false });
    const driver = await openDriver(settings);
    try {
      const components = await driver.executeQuery('CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition', {}, { database: settings.database });
      const counts = await driver.executeQuery(
        'CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
        {},
        { database: settings.database },
      );
      const labels = await driver.executeQuery(
        'UNWIND $labels AS label CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS n } RETURN label, n',
        { labels: STATUS_LABELS },
        { database: settings.database },
      );
      status.running = true;
      status.version = String(components.records[0]?.get('version'));
      status.edition = String(components.records[0]?.get('edition'));
      status.nodes = Number(counts.records[0]?.get('nodes'));
      status.relationships = Number(counts.records[0]?.get('relationships'));
      status.labels = Object.fromEntries(labels.records.map((r) => [String(r.get('label')), Number(r.get('n'))]));
    } finally {
      await driver.close();
    }
  } catch (err) {
    // A server that answers but refuses the login is running: say why it refused (wrong password, or locked out).
    const code = err instanceof Neo4jSinkError ? err.code : undefined;
    status.running = code === 'auth' || code === 'auth-rate-limit';
    status.error = err instanceof Error ? err.message : String(err);
    if (code) status.errorCode = code;
  }
  return status;
}

/**
 * The labels `db status` counts: each node type's own label (Paper, Method, Dataset, Benchmark, Topic, Repository,
 * Author), then Community — read off the record descriptions, so a node type added there is counted here too.
 */
const STATUS_LABELS = [...new Set(NODE_TYPES.map((t) => NODE_KINDS[t].labels.at(-1)!)), ...COMMUNITY_KIND.labels];

function formatStatus(s: DbStatus): string {
  const lines = [
    `server         ${s.server === 'env' ? 'NEO4J_URI (external)' : 'managed local Neo4j'}`,
    `uri            ${s.uri}`,
    `state          ${s.running ? 'running' : 'not running'}${s.pid && s.running ? ` (pid ${s.pid})` : ''}`,
  ];
  if (s.version) lines.push(`version        ${s.version} ${s.edition ?? ''}`.trimEnd());
  if (s.nodes !== undefined) lines.push(`nodes          ${s.nodes}`, `relationships  ${s.relationships}`);
  if (s.labels) lines.push(`by label       ${Object.entries(s.labels).map(([l, n]) => `${l} ${n}`).join(', ')}`);
  if (s.server === 'managed') lines.push(`user           neo4j (password in ${s.passwordFile})`, `data           ${s.stateDir}`);
  if (s.stale) lines.push(`note           server.json named a process that is not papergraph's server (${s.stale}); not used`);
  if (s.importIncomplete) lines.push('note           a bulk import did not finish: the next `papergraph build --neo4j` imports again');
  if (s.error) lines.push(`error          ${s.errorCode ? `[${s.errorCode}] ` : ''}${s.error}`);
  return `${lines.join('\n')}\n`;
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('manage the local Neo4j server (or report on the NEO4J_URI one)');

  db.command('start')
    .description('start the managed Neo4j 5.26 on 127.0.0.1 (fetched with Maven on first use) and wait until Bolt answers')
    .option('--port <n>', 'Bolt port (default 7687, or PAPERGRAPH_NEO4J_PORT)', parsePositiveInt)
    .option('--heap <size>', 'JVM heap, e.g. 2g (or PAPERGRAPH_NEO4J_HEAP)')
    .option('--pagecache <size>', 'page cache, e.g. 1g (or PAPERGRAPH_NEO4J_PAGECACHE)')
    .action(async (flags: { port?: number; heap?: string; pagecache?: string }) => {
      const env = connectionFromEnv();
      try {
        if (env) {
          const driver = await openDriver(env);
          await driver.close();
          process.stdout.write(`NEO4J_URI is set: using ${env.uri} (reachable); no local server started\n`);
          return;
        }
        const options: Partial<ServerOptions> = {};
        if (flags.port !== undefined) options.port = flags.port;
        if (flags.heap !== undefined) options.heap = flags.heap;
        if (flags.pagecache !== undefined) options.pagecache = flags.pagecache;
        const legacy = join(REPO_ROOT, '.state', 'neo4j');
        if (!process.env.PAPERGRAPH_NEO4J_STATE && existsSync(join(legacy, 'home'))) {
          stderr(`note: papergraph's Neo4j state now lives in ${serverOptions(options).stateDir}; the old one in ${legacy} is no longer used (move it there to keep that data, or delete it)`);
        }
        const started = await startServer(options, stderr);
        const verb = started.alreadyRunning ? 'already running' : 'started';
        process.stdout.write(`Neo4j ${started.info.version ?? ''} ${verb} at ${started.settings.uri} (pid ${started.info.pid})\n`.replace(/ {2,}/g, ' '));
      } catch (err) {
        throw cliFromSink(err);
      }
    });

  db.command('stop')
    .description('stop the managed Neo4j cleanly')
    .action(async () => {
      const stopped = await stopServer().catch((err: unknown) => {
        throw cliFromSink(err);
      });
      if (stopped.refused) {
        process.stdout.write(`Neo4j was not running: server.json named a process that is not papergraph's server (${stopped.refused}); it was not signalled, and the stale record is removed\n`);
      } else process.stdout.write(stopped.stopped ? `Neo4j stopped (pid ${stopped.pid})\n` : 'Neo4j was not running\n');
      if (connectionFromEnv()) process.stderr.write('note: NEO4J_URI is set; that server is not managed by papergraph\n');
    });

  db.command('status')
    .description('which server is in use, its version, and node/relationship counts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const status = await dbStatus().catch((err: unknown) => {
        throw cliFromSink(err);
      });
      process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      if (status.error || !status.running) {
        throw new CliError(status.errorCode ?? 'unreachable', status.error ?? `Neo4j is not running at ${status.uri} (run \`npx papergraph db start\`)`);
      }
    });
}
