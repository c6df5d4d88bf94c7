// Bulk first load of the managed database: stop the server, run neo4j-admin's importer (on the launcher's classpath)
// on the CSVs, start the server again. The start lock is held throughout, so nobody restarts the server meanwhile.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Neo4jSinkError } from '../errors.ts';
import { ensureLauncher } from './launcher.ts';
import { acquireLock } from './lock.ts';
import { serverOptions, statePaths, type ServerOptions } from './options.ts';
import { jvmArgs, startLocked, stopServer, type StartResult } from './process.ts';

export interface BulkImportResult {
  /** Milliseconds: stopping a running server, the importer alone, starting the server, and all three. */
  stopMs: number;
  importMs: number;
  startMs: number;
  totalMs: number;
  /** The importer's own count of its work ("IMPORT DONE in …"), without the JVM's start. */
  importerReportedMs?: number;
  /** What the importer reports having written. */
  nodes: number;
  relationships: number;
  properties: number;
  started: StartResult;
  /** True when a running server was stopped for the import. */
  restarted: boolean;
}

/**
 * Replaces the managed `neo4j` database with the CSVs (`args`: neo4j-admin arguments after
 * `database import full neo4j`, file paths absolute or relative to `cwd`). A marker in the data folder says an
 * import is under way; one that did not finish (killed, Ctrl-C) leaves it, and the next build imports again.
 */
export async function bulkImport(
  partial: Partial<ServerOptions>,
  input: { args: string[]; cwd: string },
  log: (line: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<BulkImportResult> {
  const options = serverOptions(partial, env);
  const paths = statePaths(options.stateDir);
  await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
  const classpath = await ensureLauncher(log, env);
  const release = await acquireLock(paths.startLock, options.startTimeoutSec * 1000);
  const started = performance.now();
  try {
    const stopped = await stopServer(options, 60, env);
    const stopMs = Math.round(performance.now() - started);
    if (stopped.stopped) log(`neo4j: stopped the managed server (pid ${stopped.pid}) for the bulk import`);
    await mkdir(dirname(paths.importMarker), { recursive: true, mode: 0o700 });
    await writeFile(paths.importMarker, `${new Date().toISOString()} pid ${process.pid}\n`);
    const t = performance.now();
    const { code, output } = await runImporter(classpath, options, input, paths);
    const importMs = Math.round(performance.now() - t);
    if (code !== 0) {
      const tail = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      throw new Neo4jSinkError('import-failed', `neo4j-admin import failed (exit ${code}); see ${paths.importLog}: ${tail}`);
    }
    await rm(paths.importMarker, { force: true });
    const count = (what: string) => Number(new RegExp(`(\\d+) ${what}\\b`).exec(output)?.[1] ?? 0);
    const done = /IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms/.exec(output);
    const reported = done ? (Number(done[1] ?? 0) * 60 + Number(done[2] ?? 0)) * 1000 + Number(done[3]) : undefined;
    const t2 = performance.now();
    const server = await startLocked(options, log, env);
    return {
      stopMs,
      importMs,
      startMs: Math.round(performance.now() - t2),
      totalMs: Math.round(performance.now() - started),
      ...(reported !== undefined ? { importerReportedMs: reported } : {}),
      nodes: count('nodes'),
      relationships: count('relationships'),
      properties: count('properties'),
      started: server,
      restarted: stopped.stopped,
    };
  } finally {
    await release();
  }
}

/** Runs `AdminTool database import full neo4j …` with the managed server's home; output to import.log. */
async function runImporter(
  classpath: string,
  options: ServerOptions,
  input: { args: string[]; cwd: string },
  paths: ReturnType<typeof statePaths>,
): Promise<{ code: number | null; output: string }> {
  const logStream = createWriteStream(paths.importLog);
  const code = await new Promise<number | null>((done) => {
    const child = spawn(
      'java',
      [...jvmArgs(options.heap), '-cp', classpath, 'org.neo4j.cli.AdminTool', 'database', 'import', 'full', 'neo4j', `--report-file=${paths.importReport}`, ...input.args],
      { cwd: input.cwd, env: { ...process.env, NEO4J_HOME: paths.home, NEO4J_CONF: join(paths.home, 'conf') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    child.on('close', (c) => done(c));
    child.on('error', (err) => {
      logStream.write(String(err));
      done(-1);
    });
  });
  await new Promise<void>((done) => logStream.end(done));
  return { code, output: await readFile(paths.importLog, 'utf8') };
}
