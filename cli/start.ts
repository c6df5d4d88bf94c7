// papergraph start (what `npm start` runs): build the seed graph (or INPUTs) with Neo4j, then serve the viewer —
// and on Ctrl-C stop what this command started: the viewer, a build still running, and the managed Neo4j server
// if it was not running before. It knows what it started by looking before and after, so a server the user had
// started stays up.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { managedState, serverProcesses, stopServer } from '../graph/neo4j/manager/index.ts';
import { connectionFromEnv } from '../graph/neo4j/connection.ts';
import { CliError } from './errors.ts';

const BIN = fileURLToPath(new URL('../bin/papergraph.js', import.meta.url));

interface StartFlags {
  out: string;
  port?: string;
  host?: string;
  neo4j: string;
}

const say = (line: string) => process.stderr.write(`papergraph: ${line}\n`);

/** Runs a papergraph subcommand in its own process group (so a terminal's Ctrl-C reaches only `start`). */
function run(args: string[]): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'inherit', detached: true });
  const done = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
    child.on('error', () => resolve(1));
  });
  return { child, done };
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('build the graph (with Neo4j when it can run), then serve the viewer; Ctrl-C stops what this command started')
    .argument('[inputs...]', 'input files or directories (default: the bundled seed corpus)')
    .option('-o, --out <dir>', 'output directory', 'out')
    .option('--port <n>', 'viewer port (0 = any free port)')
    .option('--host <host>', 'viewer address to bind')
    .option('--neo4j <mode>', '"auto" (skip Neo4j with a note where Java is missing), "required", or "off"', 'auto')
    .action(async (inputs: string[], flags: StartFlags) => {
      if (!['auto', 'required', 'off'].includes(flags.neo4j)) throw new CliError('usage', `start: --neo4j takes "auto", "required" or "off", got "${flags.neo4j}"`, 2);
      const managed = flags.neo4j !== 'off' && !connectionFromEnv();
      const before = managed ? await managedState() : undefined;
      let current: ChildProcess | undefined;
      let interrupted = false;

      /** Stops the managed server if this command started it (it was not running before, it is now). */
      const stopOwnServer = async (): Promise<void> => {
        if (!managed || before?.running) {
          if (before?.running) say(`Neo4j (pid ${before.info?.pid}) was running before \`start\` and keeps running (\`papergraph db stop\` stops it)`);
          return;
        }
        const stopped = await stopServer();
        if (stopped.stopped) say(`stopped Neo4j (pid ${stopped.pid}), which this command had started`);
        // Interrupted between the server's launch and its record: stop any server of this state folder too.
        for (const pid of serverProcesses(before!.options.stateDir)) {
          process.kill(pid, 'SIGTERM');
          say(`stopped Neo4j (pid ${pid}), which this command had started`);
        }
      };

      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted) {
          // A second Ctrl-C: do not wait for the children any longer.
          if (current?.pid) process.kill(-current.pid, 'SIGKILL');
          return;
        }
        interrupted = true;
        say(`${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping what \`start\` started…`);
        if (current?.pid && current.exitCode === null) {
          try {
            process.kill(-current.pid, 'SIGINT');
          } catch {
            /* already gone */
          }
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      let code = 0;
      let step = 'build';
      try {
        const build = run(['build', ...inputs, '--out', flags.out, ...(flags.neo4j === 'off' ? [] : ['--neo4j', flags.neo4j])]);
        current = build.child;
        code = await build.done;
        if (code === 0 && !interrupted) {
          step = 'view';
          const view = run(['view', flags.out, ...(flags.port ? ['--port', flags.port] : []), ...(flags.host ? ['--host', flags.host] : [])]);
          current = view.child;
          code = await view.done;
        }
      } finally {
        await stopOwnServer();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (interrupted) throw new CliError('interrupted', 'interrupted; everything `start` started is stopped', 130);
      if (code !== 0) throw new CliError('failed', `start: \`${step}\` exited with code ${code}`, code);
    });
}
