// The Java launcher of the managed Neo4j (graph/neo4j/server/, a Maven project): built on first use into the
// per-user state folder — never inside the package — one folder per version of its sources.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NEO4J_LAUNCHER_DIR, userStateDir } from '../../../ingest/paths.ts';
import { Neo4jSinkError } from '../errors.ts';

const SOURCES = [join(NEO4J_LAUNCHER_DIR, 'pom.xml'), join(NEO4J_LAUNCHER_DIR, 'src', 'main', 'java', 'papergraph', 'Server.java')];

/** True when `java` runs (the managed server needs Java 17+). */
export function javaAvailable(): boolean {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function mavenAvailable(): boolean {
  const r = spawnSync('mvn', ['-v'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

export function javaMissing(): Neo4jSinkError {
  return new Neo4jSinkError('java-missing', 'Java 17+ is not installed (`java` not on PATH); install a JDK 17 to run the managed Neo4j, or set NEO4J_URI');
}

/** Folder of the built launchers: <user state dir>/launcher. */
export function launcherRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(userStateDir(env), 'launcher');
}

/** Build folder of the current sources: a hash of pom.xml and Server.java names it, so an edit rebuilds. */
export function launcherBuildDir(env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(readFileSync(file));
  return join(launcherRoot(env), hash.digest('hex').slice(0, 16));
}

/** Classpath of a built launcher, or undefined when it is not built. */
function classpathOf(dir: string): string | undefined {
  const lib = join(dir, 'lib');
  if (!existsSync(join(dir, 'classes', 'papergraph', 'Server.class')) || !existsSync(lib)) return undefined;
  if (!readdirSync(lib).some((f) => f.startsWith('neo4j-kernel-'))) return undefined;
  return [join(dir, 'classes'), join(lib, '*')].join(':');
}

/** Classpath of the launcher for the current sources, or undefined when it must be built. */
export function launcherClasspath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return classpathOf(launcherBuildDir(env));
}

/**
 * Builds the launcher with Maven when needed (downloads Neo4j 5.26 into ~/.m2 on first use) and returns its
 * classpath, which also holds neo4j-admin's bulk importer. Builds into a temporary folder renamed into place, so
 * a concurrent or interrupted build never leaves a half-built launcher; older builds are removed.
 */
export async function ensureLauncher(log: (line: string) => void = () => {}, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = launcherBuildDir(env);
  const ready = classpathOf(dir);
  if (ready) return ready;
  if (!javaAvailable()) throw javaMissing();
  if (!mavenAvailable()) throw new Neo4jSinkError('maven-missing', 'Maven is not installed (`mvn` not on PATH); install Maven to fetch Neo4j, or set NEO4J_URI');
  log(`building the Neo4j launcher with Maven into ${dir} (the first run downloads Neo4j 5.26, ~125 MB; takes a few minutes)…`);
  const building = `${dir}.building-${process.pid}`;
  await mkdir(launcherRoot(env), { recursive: true, mode: 0o700 });
  const out = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn('mvn', ['-q', '-B', '-f', SOURCES[0]!, `-Dlauncher.buildDir=${building}`, 'package'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code, output }));
    child.on('error', (err) => done({ code: -1, output: String(err) }));
  });
  if (out.code !== 0 || !classpathOf(building)) {
    await rm(building, { recursive: true, force: true });
    const tail = out.output.trim().split('\n').slice(-5).join(' | ');
    throw new Neo4jSinkError('server-build', `building the Neo4j launcher failed (mvn -f ${SOURCES[0]} package): ${tail}`);
  }
  try {
    await rename(building, dir);
  } catch {
    // Another process finished the same build first: use theirs.
    await rm(building, { recursive: true, force: true });
  }
  const built = classpathOf(dir);
  if (!built) throw new Neo4jSinkError('server-build', `the Neo4j launcher build left no classpath in ${dir}`);
  // Keep the three newest builds (checkouts of other versions may share this folder); drop older ones.
  const builds = readdirSync(launcherRoot(env))
    .filter((name) => !name.includes('.building-'))
    .map((name) => ({ path: join(launcherRoot(env), name), mtime: statSync(join(launcherRoot(env), name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(3)) if (old.path !== dir) await rm(old.path, { recursive: true, force: true });
  return built;
}
