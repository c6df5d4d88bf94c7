// Managed local Neo4j: builds the Maven launcher on first use, starts it detached on 127.0.0.1, stops it, reports it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import type { ConnectionSettings } from './connection.ts';
import { Neo4jSinkError } from './errors.ts';
import { NEO4J_LAUNCHER_DIR, REPO_ROOT } from '../../ingest/paths.ts';

const LAUNCHER_DIR = NEO4J_LAUNCHER_DIR;

export interface ServerOptions {
  /** Folder holding data, logs, pid and password (git-ignored). */
  stateDir: string;
  /** Bolt port on 127.0.0.1. */
  port: number;
  /** JVM heap, e.g. "2g" (the machine has 24 GB and 2 cores; writes are single-threaded). */
  heap: string;
  /** Neo4j page cache, e.g. "1g". */
  pagecache: string;
  /** Seconds `start` waits for Bolt to answer (the first start also fetches ~125 MB from Maven Central). */
  startTimeoutSec: number;
}

export const SERVER_DEFAULTS: ServerOptions = {
  stateDir: join(REPO_ROOT, '.state', 'neo4j'),
  port: 7687,
  heap: '2g',
  pagecache: '1g',
  startTimeoutSec: 180,
};

const SIZE = /^\d+[kmgKMG]?$/;

/** Validates server options; errors name the field. */
export function validateServerOptions(options: ServerOptions): ServerOptions {
  const { port, heap, pagecache, startTimeoutSec, stateDir } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Neo4jSinkError('invalid-option', 'neo4j server: invalid `port`, expecting an integer in 1..65535');
  if (!SIZE.test(heap)) throw new Neo4jSinkError('invalid-option', 'neo4j server: invalid `heap`, expecting a size such as 2g');
  if (!SIZE.test(pagecache)) throw new Neo4jSinkError('invalid-option', 'neo4j server: invalid `pagecache`, expecting a size such as 1g');
  if (!(startTimeoutSec > 0)) throw new Neo4jSinkError('invalid-option', 'neo4j server: invalid `startTimeoutSec`, expecting a positive number');
  if (!stateDir) throw new Neo4jSinkError('invalid-option', 'neo4j server: invalid `stateDir`, expecting a folder path');
  return options;
}

/** Defaults overridden by PAPERGRAPH_NEO4J_PORT / _HEAP / _PAGECACHE / _STATE, then by explicit options. */
export function serverOptions(partial: Partial<ServerOptions> = {}, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const fromEnv: Partial<ServerOptions> = {};
  if (env.PAPERGRAPH_NEO4J_PORT) fromEnv.port = Number(env.PAPERGRAPH_NEO4J_PORT);
  if (env.PAPERGRAPH_NEO4J_HEAP) fromEnv.heap = env.PAPERGRAPH_NEO4J_HEAP;
  if (env.PAPERGRAPH_NEO4J_PAGECACHE) fromEnv.pagecache = env.PAPERGRAPH_NEO4J_PAGECACHE;
  if (env.PAPERGRAPH_NEO4J_STATE) fromEnv.stateDir = resolve(env.PAPERGRAPH_NEO4J_STATE);
  return validateServerOptions({ ...SERVER_DEFAULTS, ...fromEnv, ...partial });
}

/** Files under the state folder. */
export function statePaths(stateDir: string) {
  return {
    home: join(stateDir, 'home'),
    password: join(stateDir, 'password'),
    pid: join(stateDir, 'server.pid'),
    info: join(stateDir, 'server.json'),
    log: join(stateDir, 'server.log'),
    neo4jLog: join(stateDir, 'home', 'logs', 'debug.log'),
  };
}

/** What `server.json` records about the running process. */
export interface ServerInfo {
  pid: number;
  port: number;
  version?: string;
  startedAt: string;
}

/** Reads (or creates once, mode 0600) the managed server's password: 32 random bytes, base64url. */
export async function managedPassword(stateDir: string, create = true): Promise<string | undefined> {
  const { password } = statePaths(stateDir);
  if (existsSync(password)) return (await readFile(password, 'utf8')).trim();
  if (!create) return undefined;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
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
  const port = info && isAlive(info.pid) ? info.port : options.port;
  return {
    kind: 'managed',
    uri: `bolt://127.0.0.1:${port}`,
    username: 'neo4j',
    password: (await managedPassword(options.stateDir))!,
  };
}

export async function readInfo(stateDir: string): Promise<ServerInfo | undefined> {
  try {
    return JSON.parse(await readFile(statePaths(stateDir).info, 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `java` runs (the managed server needs Java 17+). */
export function javaAvailable(): boolean {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function mavenAvailable(): boolean {
  const r = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Classpath of the built launcher, or undefined when it must be (re)built. */
function launcherClasspath(): string | undefined {
  const classFile = join(LAUNCHER_DIR, 'target', 'classes', 'papergraph', 'Server.class');
  const lib = join(LAUNCHER_DIR, 'target', 'lib');
  if (!existsSync(classFile) || !existsSync(lib)) return undefined;
  const built = statSync(classFile).mtimeMs;
  const sources = [join(LAUNCHER_DIR, 'pom.xml'), join(LAUNCHER_DIR, 'src', 'main', 'java', 'papergraph', 'Server.java')];
  if (sources.some((s) => statSync(s).mtimeMs > built)) return undefined;
  if (!readdirSync(lib).some((f) => f.startsWith('neo4j-kernel-'))) return undefined;
  return [join(LAUNCHER_DIR, 'target', 'classes'), join(lib, '*')].join(':');
}

/** Builds the launcher with Maven (downloads Neo4j 5.26 into ~/.m2 on first use; later runs skip this). */
export async function ensureLauncher(log: (line: string) => void = () => {}): Promise<string> {
  const ready = launcherClasspath();
  if (ready) return ready;
  if (!javaAvailable()) throw new Neo4jSinkError('java-missing', 'Java 17+ is not installed (`java` not on PATH); install a JDK 17 to run the managed Neo4j, or set NEO4J_URI');
  if (!mavenAvailable()) throw new Neo4jSinkError('maven-missing', 'Maven is not installed (`mvn` not on PATH); install Maven to fetch Neo4j, or set NEO4J_URI');
  log('building the Neo4j launcher with Maven (the first run downloads Neo4j 5.26, ~125 MB; takes a few minutes)…');
  const out = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn('mvn', ['-q', '-B', '-f', join(LAUNCHER_DIR, 'pom.xml'), 'package'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
    child.on('error', (err) => done({ code: -1, output: String(err) }));
  });
  const classpath = out.code === 0 ? launcherClasspath() : undefined;
  if (!classpath) {
    const tail = out.output.trim().split('\n').slice(-5).join(' | ');
    throw new Neo4jSinkError('server-build', `building the Neo4j launcher failed (mvn -f graph/neo4j/server/pom.xml package): ${tail}`);
  }
  return classpath;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartResult {
  alreadyRunning: boolean;
  info: ServerInfo;
  settings: ConnectionSettings;
}

/**
 * Starts the managed server detached (it survives the CLI) and waits until its launcher reports Bolt ready.
 * Already running → returns at once. Fails with `start-failed` naming the log on timeout or early exit.
 */
export async function startServer(partial: Partial<ServerOptions> = {}, log: (line: string) => void = () => {}): Promise<StartResult> {
  const options = serverOptions(partial);
  const paths = statePaths(options.stateDir);
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  // One starter at a time (two `npm test` runs, or build + db start): the others wait for its server.
  const release = await acquireLock(join(options.stateDir, 'start.lock'), options.startTimeoutSec * 1000);
  try {
    const running = await readInfo(options.stateDir);
    if (running && isAlive(running.pid)) {
      const info = await waitReady(options, running, () => false);
      return { alreadyRunning: true, info, settings: await managedConnection(options) };
    }
    if (await portOpen(options.port)) {
      throw new Neo4jSinkError('start-failed', `port ${options.port} on 127.0.0.1 is already in use by another program; set PAPERGRAPH_NEO4J_PORT to a free port`);
    }
    if (!javaAvailable()) throw new Neo4jSinkError('java-missing', 'Java 17+ is not installed (`java` not on PATH); install a JDK 17 to run the managed Neo4j, or set NEO4J_URI');
    const classpath = await ensureLauncher(log);
    await mkdir(paths.home, { recursive: true, mode: 0o700 });
    await managedPassword(options.stateDir);

    const logFile = await open(paths.log, 'w');
    const child = spawn('java', [...jvmArgs(options), '-cp', classpath, 'papergraph.Server', paths.home, String(options.port), paths.password, options.pagecache], {
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
    await writeFile(paths.pid, `${pid}\n`);
    await writeFile(paths.info, `${JSON.stringify(info, null, 2)}\n`);
    log(`starting Neo4j (pid ${pid}) on bolt://127.0.0.1:${options.port}…`);
    return { alreadyRunning: false, info: await waitReady(options, info, () => exited), settings: await managedConnection(options) };
  } finally {
    await release();
  }
}

/** JVM flags: heap, plus the flags Neo4j's own launcher uses (page cache reflection, netty) and OOM → exit. */
function jvmArgs(options: ServerOptions): string[] {
  return [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
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
        await writeFile(paths.info, `${JSON.stringify(info, null, 2)}\n`);
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

/** Cross-process lock: a directory holding the owner's pid; a dead owner's lock is taken over. */
export async function acquireLock(dir: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'pid'), `${process.pid}\n`);
      return () => rm(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(join(dir, 'pid'), 'utf8').catch(() => '')).trim());
      const age = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
      if ((owner && !isAlive(owner)) || (!owner && age > 10_000)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Neo4jSinkError('start-failed', `timed out waiting for ${dir} (held by pid ${owner || '?'})`);
      await sleep(200);
    }
  }
}

async function clearState(stateDir: string): Promise<void> {
  const paths = statePaths(stateDir);
  await rm(paths.pid, { force: true });
  await rm(paths.info, { force: true });
}

/** Stops the managed server (SIGTERM → clean shutdown; SIGKILL after the timeout). Returns false if none ran. */
export async function stopServer(partial: Partial<ServerOptions> = {}, timeoutSec = 60): Promise<boolean> {
  const options = serverOptions(partial);
  const info = await readInfo(options.stateDir);
  if (!info || !isAlive(info.pid)) {
    await clearState(options.stateDir);
    return false;
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutSec * 1000;
  while (isAlive(info.pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(info.pid)) process.kill(info.pid, 'SIGKILL');
  await clearState(options.stateDir);
  return true;
}

/** State of the managed server as recorded on disk (does not contact it). */
export async function managedState(partial: Partial<ServerOptions> = {}): Promise<{ running: boolean; info?: ServerInfo; options: ServerOptions }> {
  const options = serverOptions(partial);
  const info = await readInfo(options.stateDir);
  if (info && isAlive(info.pid)) return { running: true, info, options };
  return { running: false, options };
}

/** Size of the data folder in bytes (for `db status`). */
export async function dataSize(stateDir: string): Promise<number> {
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (!s) continue;
      if (s.isDirectory()) await walk(path);
      else total += s.size;
    }
  };
  await walk(join(stateDir, 'home', 'data'));
  return total;
}
