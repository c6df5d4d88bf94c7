// cypher/schema.cypher: parsed into statements and applied, skipping what exists (both write paths apply it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { CYPHER_DIR } from '../../ingest/paths.ts';

/** Statements of cypher/schema.cypher, comments stripped, split on `;` at line ends. */
export function schemaStatements(text = readFileSync(join(CYPHER_DIR, 'schema.cypher'), 'utf8')): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Name a schema statement creates: `CREATE CONSTRAINT paper_id IF NOT EXISTS …` → "paper_id". */
export function schemaName(statement: string): string | undefined {
  return /^CREATE\s+(?:CONSTRAINT|(?:\w+\s+)?INDEX)\s+(\w+)\s+IF NOT EXISTS/i.exec(statement)?.[1];
}

/** Names of the indexes and constraints the database holds. */
async function existingSchema(driver: Driver, database?: string): Promise<Set<string>> {
  const existing = new Set<string>();
  // SHOW commands cannot be combined with UNION: one read each.
  for (const show of ['SHOW INDEXES YIELD name RETURN name', 'SHOW CONSTRAINTS YIELD name RETURN name']) {
    for (const record of (await driver.executeQuery(show, {}, { database, routing: neo4j.routing.READ })).records) existing.add(String(record.get('name')));
  }
  return existing;
}

/**
 * Applies schema statements (default: all of cypher/schema.cypher; `only` names a subset); those that exist are
 * not re-sent. Two writers may race to create the same one: the loser finds it made by the other and goes on.
 */
export async function applySchema(driver: Driver, database?: string, only?: readonly string[]): Promise<number> {
  const existing = await existingSchema(driver, database);
  let applied = 0;
  // Schema commands cannot share a transaction with data writes; one transaction each.
  for (const statement of schemaStatements()) {
    const name = schemaName(statement);
    if ((only && (!name || !only.includes(name))) || (name && existing.has(name))) continue;
    try {
      await driver.executeQuery(statement, {}, { database });
      applied += 1;
    } catch (err) {
      if (!name || !(await existingSchema(driver, database)).has(name)) throw err;
    }
  }
  return applied;
}

/** Waits until every index is online (a bulk import populates them after the constraints are created). */
export async function awaitIndexes(driver: Driver, database?: string, timeoutSec = 600): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    await session.run('CALL db.awaitIndexes($timeout)', { timeout: neo4j.int(timeoutSec) });
  } finally {
    await session.close();
  }
}
