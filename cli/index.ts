// papergraph command-line entry: wires the subcommands; the only place that calls process.exit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { REPO_ROOT } from '../ingest/paths.ts';
import { CliError } from './errors.ts';

// A reader that stops early (`papergraph extract | head`) closes the pipe: end quietly, as a shell tool does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

type Register = (program: Command) => void;

/** Subcommand modules, loaded independently so one that fails to load cannot take the others down. */
const COMMANDS: Record<string, () => Promise<Record<string, unknown>>> = {
  build: () => import('./build.ts'),
  extract: () => import('./extract.ts'),
  eval: () => import('./eval.ts'),
  db: () => import('./db.ts'),
  query: () => import('./query.ts'),
  export: () => import('./export.ts'),
  view: () => import('./view.ts'),
  start: () => import('./start.ts'),
};

const program = new Command('papergraph')
  .description('Turn paper abstracts into a research knowledge graph.')
  .version(version, '-V, --version', 'print the version and exit')
  .exitOverride();

const loaded = await Promise.allSettled(Object.values(COMMANDS).map((load) => load()));
Object.keys(COMMANDS).forEach((name, i) => {
  const outcome = loaded[i]!;
  const register = outcome.status === 'fulfilled'
    ? (Object.values(outcome.value).find((v) => typeof v === 'function' && (v as Register).name === `register${name[0]!.toUpperCase()}${name.slice(1)}`) as Register | undefined)
    : undefined;
  if (register) {
    register(program);
    return;
  }
  const reason = outcome.status === 'rejected' ? String((outcome.reason as Error)?.message ?? outcome.reason) : 'no register function';
  program
    .command(name)
    .description(`(unavailable: ${reason.split('\n')[0]})`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new CliError('command-unavailable', `${name} could not be loaded: ${reason}`);
    });
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its one-line message; usage mistakes exit 2, help/version 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  if (err instanceof CliError) {
    process.stderr.write(`papergraph: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const e = err as { code?: string; message?: string };
  process.stderr.write(`papergraph: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}\n`);
  if (process.env.PAPERGRAPH_DEBUG) console.error(err);
  process.exit(1);
}
