// The managed local Neo4j (server manager): options and state paths, the Maven-built launcher, the process, the
// bulk importer. Apart from the writer: nothing here writes graph data, and the writer never imports this.
export { defaultStateDir, SERVER_DEFAULTS, serverOptions, statePaths, validateServerOptions, type ServerOptions } from './options.ts';
export { ensureLauncher, javaAvailable, launcherBuildDir, launcherClasspath, launcherRoot } from './launcher.ts';
export { acquireLock, isAlive, type LockOptions } from './lock.ts';
export {
  managedConnection,
  managedPassword,
  managedState,
  notOurServer,
  portOpen,
  processIdentity,
  readInfo,
  serverProcesses,
  startServer,
  stopServer,
  type ManagedState,
  type ServerInfo,
  type StartResult,
  type StopResult,
} from './process.ts';
export { bulkImport, type BulkImportResult } from './import.ts';
