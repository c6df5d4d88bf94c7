// Ctrl-C during `papergraph start` (what `npm start` runs) stops what the command started — the build, the
// viewer and the managed Neo4j JVM — and says so; a server that was running before stays up. Each case sends
// SIGINT to the command's process group, as a terminal does, and then looks for any JVM of its state folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopServer } from '../graph/neo4j/manager/index.ts';
import { freePort, neo4jSkipReason } from './setup/neo4j.ts';

const skip = neo4jSkipReason();

/** Processes whose command line names this folder (the server JVM, the importer, Maven): none may be left. */
function processesUsing(folder: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return command.includes(folder) ? [`${pid} ${command}`] : [];
      } catch {
        return [];
      }
    });
}

interface Started {
  output: () => string;
  exit: Promise<number | null>;
  interrupt: () => void;
}

function start(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['bin/papergraph.js', 'start', ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    output: () => output,
    exit: new Promise((done) => child.on('close', (code) => done(code))),
    // A terminal's Ctrl-C goes to the whole foreground process group.
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(skip !== undefined)('Ctrl-C during `papergraph start`', () => {
  const root = mkdtempSync(join(tmpdir(), 'papergraph-start-'));
  const stateDir = join(root, 'state');
  let env: NodeJS.ProcessEnv;

  const setup = async () => {
    env = { ...process.env, PAPERGRAPH_NEO4J_STATE: stateDir, PAPERGRAPH_NEO4J_PORT: String(await freePort()), PAPERGRAPH_NEO4J_HEAP: '512m', PAPERGRAPH_NEO4J_PAGECACHE: '64m' };
    for (const k of ['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete env[k];
  };

  afterAll(async () => {
    await stopServer({}, 60, env);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('while Neo4j is being loaded: the build, the importer and the server all stop; no JVM is left', async () => {
    await setup();
    const run = start(['--out', join(root, 'out1'), '--port', '0'], env);
    await waitFor(() => /bulk import with neo4j-admin|starting Neo4j/.test(run.output()), 300_000, 'the Neo4j step', run.output);
    run.interrupt();
    expect(await run.exit).toBe(130);
    expect(run.output()).toMatch(/Ctrl-C: stopping what `start` started/);
    await waitFor(() => processesUsing(stateDir).length === 0, 60_000, 'every process of the state folder to end', () => processesUsing(stateDir).join('\n'));
  }, 600_000);

  it('while the viewer runs: the viewer and the server it started stop, and it says so', async () => {
    const run = start(['--out', join(root, 'out2'), '--port', '0'], env);
    await waitFor(() => /papergraph viewer: http:\/\//.test(run.output()), 600_000, 'the viewer', run.output);
    const url = /papergraph viewer: (http:\/\/\S+)/.exec(run.output())![1]!;
    expect(processesUsing(stateDir).some((p) => p.includes('papergraph.Server'))).toBe(true);
    run.interrupt();
    expect(await run.exit).toBe(130);
    expect(run.output()).toMatch(/stopped Neo4j \(pid \d+\), which this command had started/);
    expect(processesUsing(stateDir)).toEqual([]);
    await expect(fetch(url)).rejects.toThrow();
  }, 900_000);

  it('a server that was running before keeps running', async () => {
    const before = await startServer({}, () => {}, env);
    const run = start(['--out', join(root, 'out2'), '--port', '0'], env);
    await waitFor(() => /papergraph viewer: http:\/\//.test(run.output()), 600_000, 'the viewer', run.output);
    run.interrupt();
    expect(await run.exit).toBe(130);
    expect(run.output()).toMatch(new RegExp(`Neo4j \\(pid ${before.info.pid}\\) was running before \`start\` and keeps running`));
    expect(processesUsing(stateDir).some((p) => p.startsWith(`${before.info.pid} `))).toBe(true);
  }, 900_000);
});
