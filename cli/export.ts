// papergraph export --from-neo4j --out DIR: reads the graph back from Neo4j and writes the same files as `build`.
import type { Command } from 'commander';
import { connect } from '../graph/neo4j/connect.ts';
import { usageError } from './errors.ts';
import { cliFromSink } from './db.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write the build files (graph.json, GraphML, GEXF, entities.jsonl, communities) from a stored graph')
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('--from-neo4j', 'read the graph from Neo4j (NEO4J_URI, else the managed local server)')
    .action(async (flags: { out: string; fromNeo4j?: boolean }) => {
      if (!flags.fromNeo4j) throw usageError('export: give the source, e.g. --from-neo4j');
      try {
        // Loaded on use: the pipeline pulls in extraction and layout, which `query`/`db` never need.
        const [{ readBuildFromNeo4j }, { writeOutputs }] = await Promise.all([import('../graph/neo4j/reader.ts'), import('../graph/pipeline.ts')]);
        const { driver, settings } = await connect({ start: false });
        let read;
        try {
          read = await readBuildFromNeo4j(driver, settings.database ? { database: settings.database } : {});
        } finally {
          await driver.close();
        }
        const written = await writeOutputs(flags.out, read.graph, read.report);
        process.stdout.write(`read ${read.graph.order} nodes and ${read.graph.size} edges from ${settings.uri}; wrote ${written.length} files to ${flags.out}/\n`);
      } catch (err) {
        throw cliFromSink(err);
      }
    });
}
