// papergraph command-line entry: wires the subcommands; the only place that calls process.exit.
import { Command, CommanderError } from 'commander';
import { registerBuild } from './build.ts';
import { registerExtract } from './extract.ts';
import { registerEval } from './eval.ts';
import { registerDb } from './db.ts';
import { registerQuery } from './query.ts';
import { registerExport } from './export.ts';
import { registerView } from './view.ts';
import { CliError } from './errors.ts';

const program = new Command('papergraph')
  .description('Turn paper abstracts into a research knowledge graph.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of [registerBuild, registerExtract, registerEval, registerDb, registerQuery, registerExport, registerView]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode);
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
