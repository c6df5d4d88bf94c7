// One way to get a driver: NEO4J_URI when set, else the managed local server (optionally started first).
// This module joins the two sides (connection, server manager); the writer and the query runner import neither.
import type { Driver } from 'neo4j-driver';
import { connectionFromEnv, openDriver, type ConnectionSettings, type DriverOptions } from './connection.ts';
import { Neo4jSinkError } from './errors.ts';
import { managedConnection, managedPassword, managedState, serverOptions, startServer, type ServerOptions, type StartResult } from './manager/index.ts';

export interface ConnectOptions {
  /** Start the managed server when it is not running (build/`npm start`); queries only connect. */
  start: boolean;
  server?: Partial<ServerOptions>;
  driver?: Partial<DriverOptions>;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Which server to use, without contacting it (starting the managed one when asked). */
export async function resolveSettings(options: ConnectOptions): Promise<ConnectionSettings & { started?: StartResult }> {
  const fromEnv = connectionFromEnv(options.env);
  if (fromEnv) return fromEnv;
  const server = serverOptions(options.server, options.env);
  if (options.start) {
    const started = await startServer(server, options.log, options.env);
    return { ...started.settings, started };
  }
  const state = await managedState(server, options.env);
  if (!state.running || !(await managedPassword(server.stateDir, false))) {
    throw new Neo4jSinkError(
      'unreachable',
      `Neo4j is not reachable at bolt://127.0.0.1:${state.info?.port ?? server.port}: the managed server is not running (run \`npx papergraph db start\`, or set NEO4J_URI)`,
    );
  }
  return managedConnection(server);
}

/** A verified driver (server answers, credentials accepted) and the settings it uses; close the driver when done. */
export async function connect(options: ConnectOptions): Promise<{ driver: Driver; settings: ConnectionSettings; started?: StartResult }> {
  const { started, ...settings } = await resolveSettings(options);
  const driver = await openDriver(settings, options.driver);
  return started ? { driver, settings, started } : { driver, settings };
}
