// The managed server's process: start it detached on 127.0.0.1, know whether the recorded pid is really papergraph's
// Java (command line and start time), stop it, report it. Nothing here talks Bolt.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import type { ConnectionSettings } from '../connection.ts';
import { Neo4jSinkError } from '../errors.ts';
import { ensureLauncher, javaAvailable, javaMissing } from './launcher.ts';
import { acquireLock, isAlive } from './lock.ts';
import { serverOptions, statePaths, type ServerOptions } from './options.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What `server.json` records about the running process. */
export interface ServerInfo {
  pid: number;
  port: number;
  version?: string;
  startedAt: string;
  /** The process's start time as the OS reports it (Linux: clock ticks after boot), to tell a reused pid apart. */
  processStart?: string;
}

/** Start time and command line of a process, or undefined when it does not exist (Linux /proc, else `ps`). */
export function processIdentity(pid: number): { start: string; command: string } | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 22 (starttime); the command name in field 2 may hold spaces and parentheses, so count after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') return undefined; // exited, not yet reaped by its parent
      const start = fields[19]!;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      return { start, command };
    } catch {
      return undefined;
    }
  }
  const ps = spawnSync('ps', ['-o', 'lstart=', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  const line = ps.status === 0 ? ps.stdout.trim() : '';
  if (!line) return undefined;
  // lstart is a fixed 24-character date ("Mon Nov 29 18:25:11 2025").
  return { start: line.slice(0, 24).trim(), command: line.slice(24).trim() };
}

/** Why a recorded pid is not (or no longer) papergraph's server for this state folder; undefined = it is. */
export function notOurServer(info: ServerInfo, stateDir: string): string | undefined {
  if (!isAlive(info.pid)) return 'not running';
  const identity = processIdentity(info.pid);
  if (!identity) return 'not running';
  if (!isServerCommand(identity.command, stateDir)) {
    return `pid ${info.pid} is another program now (${identity.command.slice(0, 80)})`;
  }
  if (info.processStart !== undefined && identity.start !== info.processStart) {
    return `pid ${info.pid} was started at another time than the server papergraph recorded`;
  }
  return undefined;
}

/**
 * True for the command line of papergraph's launcher serving this state folder: `… papergraph.Server --home=HOME …`,
 * or `… papergraph.Server HOME …` as launchers before named arguments were started (so an upgrade can stop them).
 */
function isServerCommand(command: string, stateDir: string): boolean {
  const home = statePaths(stateDir).home;
  const line = `${command} `;
  return line.includes(' papergraph.Server ') && (line.includes(` --home=${home} `) || line.includes(` papergraph.Server ${home} `));
}

/** Pids of papergraph servers of this state folder, whether or not server.json records them (by command line). */
export function serverProcesses(stateDir: string): number[] {
  const matches = (command: string) => isServerCommand(command, stateDir);
  if (existsSync('/proc/self/stat')) {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => {
        const identity = processIdentity(pid);
        return identity !== undefined && matches(identity.command);
      });
  }
  const ps = spawnSync('ps', ['-eo', 'pid=,command='], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && matches(m[2]!))
    .map((m) => Number(m[1]));
}

export async function readInfo(stateDir: string): Promise<ServerInfo | undefined> {
  try {
    return JSON.parse(await readFile(statePaths(stateDir).info, 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

async function writeInfo(stateDir: string, info: ServerInfo): Promise<void> {
  await writeFile(statePaths(stateDir).info, `${JSON.stringify(info, null, 2)}\n`);
}

async function clearState(stateDir: string): Promise<void> {
  const paths = statePaths(stateDir);
  await rm(paths.pid, { force: true });
  await rm(paths.info, { force: true });
}

/** State of the managed server as recorded on disk and checked against the process table (no Bolt). */
export interface ManagedState {
  running: boolean;
  info?: ServerInfo;
  options: ServerOptions;
  /** Set when server.json names a pid that is not papergraph's server (reused pid, or another state folder's). */
  stale?: string;
}

export async function managedState(partial: Partial<ServerOptions> = {}, env: NodeJS.ProcessEnv = process.env): Promise<ManagedState> {
  const options = serverOptions(partial, env);
  const info = await readInfo(options.stateDir);
  if (!info) return { running: false, options };
  const why = notOurServer(info, options.stateDir);
  if (why === undefined) return { running: true, info, options };
  return { running: false, options, ...(why === 'not running' ? {} : { stale: why }) };
}

/**
 * Reads (or creates once, mode 0600) the managed server's password: 32 random bytes as hex. Not base64url: one in 32
 * of those starts with '-', which neo4j-admin's set-initial-password reads as an option, and the server never starts.
 */
export async function managedPassword(stateDir: string, create = true): Promise<string | undefined> {
  const { password } = statePaths(stateDir);
  if (existsSync(password)) return (await readFile(password, 'utf8')).trim();
  if (!create) return undefined;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('hex');
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    await writeFile(password, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    return (await readFile(password, 'utf8')).trim();
  }
  await chmod(password, 0o600);
  return value;
}

/** Connection settings of the managed server (password created on first use). */
export async function managedConnection(options: ServerOptions): Promise<ConnectionSettings> {
  const info = await readInfo(options.stateDir);
  const port = info && notOurServer(info, options.stateDir) === undefined ? info.port : options.port;
  return { kind: 'managed', uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: (await managedPassword(options.stateDir))! };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface StartResult {
  /** True when the server was already running: this call started nothing (so its caller must not stop it). */
  alreadyRunning: boolean;
  info: ServerInfo;
  settings: ConnectionSettings;
}

/**
 * Starts the managed server detached (it survives the CLI) and waits until its launcher reports Bolt ready.
 * Already running → returns at once. Fails with `start-failed` naming the log on timeout or early exit.
 */
export async function startServer(partial: Partial<ServerOptions> = {}, log: (line: string) => void = () => {}, env: NodeJS.ProcessEnv = process.env): Promise<StartResult> {
  const options = serverOptions(partial, env);
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  // One starter at a time (two test runs, build + db start, a bulk import): the others wait for its server.
  const release = await acquireLock(statePaths(options.stateDir).startLock, options.startTimeoutSec * 1000);
  try {
    return await startLocked(options, log, env);
  } finally {
    await release();
  }
}

/** startServer's work, for callers that already hold the start lock (the bulk import restarts the server). */
export async function startLocked(options: ServerOptions, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<StartResult> {
  const paths = statePaths(options.stateDir);
  const state = await managedState(options, env);
  if (state.running && state.info) {
    const info = await waitReady(options, state.info, () => false);
    return { alreadyRunning: true, info, settings: await managedConnection(options) };
  }
  if (state.stale) log(`neo4j: ${paths.info} named a process that is not papergraph's server (${state.stale}); ignoring it`);
  await clearState(options.stateDir);
  if (await portOpen(options.port)) {
    throw new Neo4jSinkError('start-failed', `port ${options.port} on 127.0.0.1 is already in use by another program; set PAPERGRAPH_NEO4J_PORT to a free port`);
  }
  if (!javaAvailable()) throw javaMissing();
  const classpath = await ensureLauncher(log, env);
  await mkdir(paths.home, { recursive: true, mode: 0o700 });
  await mkdir(paths.import, { recursive: true, mode: 0o700 });
  await managedPassword(options.stateDir);

  const logFile = await open(paths.log, 'w');
  const args = [
    `--home=${paths.home}`,
    `--port=${options.port}`,
    `--password-file=${paths.password}`,
    `--pagecache=${options.pagecache}`,
    `--import-dir=${paths.import}`,
    `--transaction-timeout=${options.transactionTimeoutSec}`,
  ];
  const child = spawn('java', [...jvmArgs(options.heap), '-cp', classpath, 'papergraph.Server', ...args], {
    detached: true,
    stdio: ['ignore', logFile.fd, logFile.fd],
    cwd: options.stateDir,
  });
  await logFile.close();
  const pid = child.pid;
  if (pid === undefined) throw new Neo4jSinkError('start-failed', 'could not spawn `java` for the managed Neo4j');
  let exited = false;
  child.on('exit', () => (exited = true));
  child.unref();
  const info: ServerInfo = { pid, port: options.port, startedAt: new Date().toISOString() };
  const identity = processIdentity(pid);
  if (identity) info.processStart = identity.start;
  await writeFile(paths.pid, `${pid}\n`);
  await writeInfo(options.stateDir, info);
  log(`starting Neo4j (pid ${pid}) on bolt://127.0.0.1:${options.port}…`);
  return { alreadyRunning: false, info: await waitReady(options, info, () => exited), settings: await managedConnection(options) };
}

/** JVM flags: heap, plus the flags Neo4j's own launcher uses (page cache reflection, netty) and OOM → exit. */
export function jvmArgs(heap: string): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-XX:+DisableExplicitGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dlog4j2.disable.jmx=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-Dfile.encoding=UTF-8',
  ];
}

/** Waits for the launcher's "ready" line in server.log; fails naming the logs on exit or timeout. */
async function waitReady(options: ServerOptions, info: ServerInfo, exited: () => boolean): Promise<ServerInfo> {
  const paths = statePaths(options.stateDir);
  const deadline = Date.now() + options.startTimeoutSec * 1000;
  while (Date.now() < deadline) {
    const text = await readFile(paths.log, 'utf8').catch(() => '');
    const ready = /papergraph-neo4j ready (\S+)/.exec(text);
    if (ready) {
      if (info.version !== ready[1]) {
        info.version = ready[1]!;
        await writeInfo(options.stateDir, info);
      }
      return info;
    }
    if (exited() || !isAlive(info.pid)) {
      await clearState(options.stateDir);
      throw new Neo4jSinkError('start-failed', `Neo4j exited while starting; see ${paths.log} and ${paths.neo4jLog}`);
    }
    await sleep(250);
  }
  throw new Neo4jSinkError('start-failed', `Neo4j did not answer on bolt://127.0.0.1:${info.port} within ${options.startTimeoutSec} s; see ${paths.log} and ${paths.neo4jLog}`);
}

export interface StopResult {
  /** True when papergraph's server was running and has been stopped. */
  stopped: boolean;
  pid?: number;
  /** Set when server.json named a process that is not papergraph's server: it was not signalled. */
  refused?: string;
}

/**
 * Stops the managed server (SIGTERM → clean shutdown; SIGKILL after the timeout) — only when the recorded pid is
 * papergraph's Java for this state folder, started when server.json says; any other process is left alone.
 */
export async function stopServer(partial: Partial<ServerOptions> = {}, timeoutSec = 60, env: NodeJS.ProcessEnv = process.env): Promise<StopResult> {
  const options = serverOptions(partial, env);
  const info = await readInfo(options.stateDir);
  if (!info) return { stopped: false };
  const why = notOurServer(info, options.stateDir);
  if (why !== undefined) {
    await clearState(options.stateDir);
    return why === 'not running' ? { stopped: false } : { stopped: false, refused: why };
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutSec * 1000;
  while (isAlive(info.pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(info.pid) && notOurServer(info, options.stateDir) === undefined) process.kill(info.pid, 'SIGKILL');
  await clearState(options.stateDir);
  return { stopped: true, pid: info.pid };
}
