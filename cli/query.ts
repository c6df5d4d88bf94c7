// papergraph query NAME|FILE|'CYPHER': runs a library or ad-hoc Cypher query in a READ session and prints the rows.
import type { Command } from 'commander';
import { connect } from '../graph/neo4j/connect.ts';
import { buildParams, formatCsv, formatJson, formatTable, listQueries, resolveQuery, runQuery } from '../graph/neo4j/queries.ts';
import { usageError } from './errors.ts';
import { cliFromSink } from './db.ts';

interface QueryFlags {
  param: string[];
  json?: boolean;
  csv?: boolean;
  write?: boolean;
  list?: boolean;
}

function formatList(): string {
  const queries = listQueries();
  const width = Math.max(...queries.map((q) => q.name.length));
  const lines = queries.map((q) => {
    const params = q.params.map((p) => (p.default === undefined ? `${p.name}` : `${p.name}=${p.default}`)).join(' ');
    return `${q.name.padEnd(width)}  ${q.purpose}${params ? `\n${' '.repeat(width)}  params: ${params}` : ''}`;
  });
  return `${lines.join('\n')}\n`;
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a Cypher query (library name, .cypher file, or text) against Neo4j, read-only unless --write')
    .argument('[query]', 'library query name (see --list), path to a .cypher file, or Cypher text')
    .option('-p, --param <name=value>', 'query parameter (repeatable); numbers become integers/floats', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print rows as JSON')
    .option('--csv', 'print rows as CSV')
    .option('--write', 'allow a query that writes (runs in a WRITE transaction)')
    .option('--list', 'list the query library with each purpose')
    .addHelpText('after', '\nExamples:\n  npx papergraph query --list\n  npx papergraph query top-methods-per-community --param limit=3\n  npx papergraph query "MATCH (p:Paper) RETURN count(p) AS n" --json\n')
    .action(async (spec: string | undefined, flags: QueryFlags) => {
      if (flags.list) {
        process.stdout.write(formatList());
        return;
      }
      if (!spec) throw usageError('query: give a query name, a .cypher file or Cypher text (or --list)');
      if (flags.json && flags.csv) throw usageError('query: choose one of --json and --csv');
      try {
        const query = resolveQuery(spec);
        const params = buildParams(query, flags.param);
        const { driver, settings } = await connect({ start: false });
        try {
          const options: Parameters<typeof runQuery>[3] = { write: flags.write ?? false };
          if (settings.database) options.database = settings.database;
          const result = await runQuery(driver, query.cypher, params, options);
          process.stdout.write(flags.json ? formatJson(result) : flags.csv ? formatCsv(result) : formatTable(result));
        } finally {
          await driver.close();
        }
      } catch (err) {
        throw cliFromSink(err);
      }
    });
}
