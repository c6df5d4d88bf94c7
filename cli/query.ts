// papergraph query NAME|FILE|'CYPHER': runs a library or ad-hoc Cypher query — read-only through an allow-list
// unless --write — with a transaction timeout, and prints the rows as a table (cells wrap), JSON or CSV.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { connect } from '../graph/neo4j/connect.ts';
import { buildParams } from '../graph/neo4j/params.ts';
import { listQueries, resolveQuery, RUN_DEFAULTS, runQuery, type LibraryQuery, type RunOptions } from '../graph/neo4j/queries.ts';
import { formatCounters, formatCsv, formatJson, formatTable } from '../graph/neo4j/table.ts';
import { usageError } from './errors.ts';
import { cliFromSink } from './db.ts';
import { parseNonNegativeInt } from './options.ts';

interface QueryFlags {
  param: string[];
  json?: boolean;
  csv?: boolean;
  write?: boolean;
  list?: boolean;
  width?: number;
  timeout: number;
}

function formatList(queries: LibraryQuery[]): string {
  const width = Math.max(...queries.map((q) => q.name.length));
  const lines = queries.map((q) => {
    const params = q.params.map((p) => (p.default === undefined ? `${p.name}` : `${p.name}=${p.default === '' ? '""' : p.default}`)).join(' ');
    return `${q.name.padEnd(width)}  ${q.purpose}${params ? `\n${' '.repeat(width)}  params: ${params}` : ''}${q.example ? `\n${' '.repeat(width)}  e.g.    ${q.example}` : ''}`;
  });
  return `${lines.join('\n')}\n`;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expecting a positive number of seconds');
  return n;
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a Cypher query (library name, .cypher file, or text) against Neo4j, read-only unless --write')
    .argument('[query]', 'library query name (see --list), path to a .cypher file, or Cypher text')
    .option(
      '-p, --param <param>',
      "query parameter (repeatable): NAME=TEXT keeps the text as it is (unless the query declares a type); 'NAME => VALUE' or '{NAME: VALUE, …}' takes Cypher literals (5, 4.5, true, [1, 2], 'text'), as cypher-shell's :param does",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--json', 'print rows as JSON')
    .option('--csv', 'print rows as CSV')
    .option('--width <n>', 'widest table line; longer cells wrap (default: the terminal width; 0 = no limit)', parseNonNegativeInt)
    .option('--timeout <seconds>', 'stop the query after this long (transaction timeout)', parseSeconds, RUN_DEFAULTS.timeoutSec)
    .option('--write', 'allow a query that writes (runs in a WRITE transaction, without the read-only allow-list); prints what it changed')
    .option('--list', 'list the query library with each purpose, parameters and example (with --json: as JSON)')
    .addHelpText(
      'after',
      [
        '',
        'Read-only (the default): only graph reads run — no LOAD CSV, no administration commands (SHOW TRANSACTIONS,',
        'SETTINGS, USERS …, TERMINATE), no procedures but db.labels, db.schema.*, db.index.fulltext.* and the like.',
        '',
        'Examples:',
        '  npx papergraph query --list',
        '  npx papergraph query top-methods-per-community --param limit=3',
        "  npx papergraph query 'MATCH (p:Paper {id: $id}) RETURN p.title' --param id=2106.09680",
        "  npx papergraph query 'MATCH (p:Paper) RETURN p.title LIMIT $n' --param 'n => 5' --json",
        '',
      ].join('\n'),
    )
    .action(async (spec: string | undefined, flags: QueryFlags) => {
      if (flags.list) {
        const queries = listQueries();
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(queries.map(({ name, purpose, params, example, file }) => ({ name, purpose, params, example, file })), null, 2)}\n`
            : formatList(queries),
        );
        return;
      }
      if (!spec) throw usageError('query: give a query name, a .cypher file or Cypher text (or --list)');
      if (flags.json && flags.csv) throw usageError('query: choose one of --json and --csv');
      try {
        const query = resolveQuery(spec);
        const params = buildParams(query, flags.param);
        const { driver, settings } = await connect({ start: false });
        try {
          const options: Partial<RunOptions> = { write: flags.write ?? false, timeoutSec: flags.timeout };
          if (settings.database) options.database = settings.database;
          const result = await runQuery(driver, query.cypher, params, options);
          const width = flags.width ?? (process.stdout.isTTY ? process.stdout.columns : 0);
          process.stdout.write(flags.json ? formatJson(result) : flags.csv ? formatCsv(result) : formatTable(result, width));
          if (result.counters) {
            // Beside a table, as cypher-shell prints them; on stderr when stdout carries JSON or CSV.
            const line = `${formatCounters(result.counters)}\n`;
            if (flags.json || flags.csv) process.stderr.write(line);
            else process.stdout.write(line);
          }
        } finally {
          await driver.close();
        }
      } catch (err) {
        throw cliFromSink(err);
      }
    });
}
