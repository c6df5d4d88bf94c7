// Options of the managed local Neo4j and the files under its state folder (per user, never inside the package).
import { join, resolve } from 'node:path';
import { userStateDir } from '../../../ingest/paths.ts';
import { Neo4jSinkError } from '../errors.ts';

export interface ServerOptions {
  /** Folder holding data, logs, pid and password: $PAPERGRAPH_NEO4J_STATE, else <user state>/neo4j. */
  stateDir: string;
  /** Bolt port on 127.0.0.1. */
  port: number;
  /** JVM heap, e.g. "2g" (the server and the bulk importer). */
  heap: string;
  /** Neo4j page cache, e.g. "1g". */
  pagecache: string;
  /** Seconds `start` waits for Bolt to answer (the first start also fetches ~125 MB from Maven Central). */
  startTimeoutSec: number;
  /** Server-wide transaction timeout (db.transaction.timeout), seconds; `query` sets a shorter one per query. */
  transactionTimeoutSec: number;
}

/** Default state folder for an environment: PAPERGRAPH_NEO4J_STATE, else <user state dir>/neo4j. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAPERGRAPH_NEO4J_STATE?.trim() ? resolve(env.PAPERGRAPH_NEO4J_STATE) : join(userStateDir(env), 'neo4j');
}

export const SERVER_DEFAULTS: ServerOptions = {
  stateDir: defaultStateDir(),
  port: 7687,
  heap: '2g',
  pagecache: '1g',
  startTimeoutSec: 180,
  transactionTimeoutSec: 600,
};

const SIZE = /^\d+[kmgKMG]?$/;

/** Validates server options; errors name the field. */
export function validateServerOptions(options: ServerOptions): ServerOptions {
  const { port, heap, pagecache, startTimeoutSec, stateDir, transactionTimeoutSec } = options;
  const bad = (field: string, expecting: string) => new Neo4jSinkError('invalid-option', `neo4j server: invalid \`${field}\`, expecting ${expecting}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('port', 'an integer in 1..65535');
  if (!SIZE.test(heap)) throw bad('heap', 'a size such as 2g');
  if (!SIZE.test(pagecache)) throw bad('pagecache', 'a size such as 1g');
  if (!(startTimeoutSec > 0)) throw bad('startTimeoutSec', 'a positive number');
  if (!Number.isInteger(transactionTimeoutSec) || transactionTimeoutSec < 1) throw bad('transactionTimeoutSec', 'a positive integer');
  if (!stateDir) throw bad('stateDir', 'a folder path');
  return options;
}

/** Defaults overridden by PAPERGRAPH_NEO4J_PORT / _HEAP / _PAGECACHE / _STATE, then by explicit options. */
export function serverOptions(partial: Partial<ServerOptions> = {}, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const fromEnv: Partial<ServerOptions> = { stateDir: defaultStateDir(env) };
  if (env.PAPERGRAPH_NEO4J_PORT) fromEnv.port = Number(env.PAPERGRAPH_NEO4J_PORT);
  if (env.PAPERGRAPH_NEO4J_HEAP) fromEnv.heap = env.PAPERGRAPH_NEO4J_HEAP;
  if (env.PAPERGRAPH_NEO4J_PAGECACHE) fromEnv.pagecache = env.PAPERGRAPH_NEO4J_PAGECACHE;
  const options = { ...SERVER_DEFAULTS, ...fromEnv, ...partial };
  return validateServerOptions({ ...options, stateDir: resolve(options.stateDir) });
}

/** Files under the state folder. */
export function statePaths(stateDir: string) {
  const home = join(stateDir, 'home');
  return {
    home,
    /** The user database's store: absent until the first start or bulk import. */
    database: join(home, 'data', 'databases', 'neo4j'),
    password: join(stateDir, 'password'),
    pid: join(stateDir, 'server.pid'),
    info: join(stateDir, 'server.json'),
    log: join(stateDir, 'server.log'),
    neo4jLog: join(home, 'logs', 'debug.log'),
    /** LOAD CSV's root: kept empty. */
    import: join(stateDir, 'import'),
    /** Present while a bulk import runs; left behind by one that did not finish. */
    importMarker: join(home, 'data', 'papergraph', 'import.incomplete'),
    importLog: join(stateDir, 'import.log'),
    importReport: join(stateDir, 'import.report'),
    /** CSVs the bulk path writes when the build wrote none. */
    importStaging: join(stateDir, 'import-staging'),
    startLock: join(stateDir, 'start.lock'),
    writeLock: join(stateDir, 'write.lock'),
  };
}
