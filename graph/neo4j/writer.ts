// Batched writer: applies cypher/schema.cypher, then sends each write step as `UNWIND $rows …` batches,
// one managed write transaction (`executeWrite`, retried by the driver) per batch. Steps run in order; within a
// step up to `concurrency` batches are in flight, so the driver packs the next batch while the server runs one.
// It knows nothing of the managed server: it writes to whatever driver it is given.
import { randomUUID } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { MEMBER_LABELS } from '../records.ts';
import { SILENT_PROGRESS, type Progress } from '../sink.ts';
import type { CommunitiesReport, GraphView } from '../types.ts';
import { Neo4jSinkError } from './errors.ts';
import { firstLine } from './connection.ts';
import { buildWritePlan, type WritePlan, type WriteStep } from './rows.ts';
import { applySchema } from './schema.ts';
import { DELETE_COMMUNITIES_BATCH, DELETE_MEMBERSHIPS_BATCH, staleCommunities } from './statements.ts';

export { applySchema, schemaName, schemaStatements } from './schema.ts';

export interface WriteOptions {
  /** Rows per transaction. */
  batchSize: number;
  /**
   * Transactions in flight within one step (each on its own session). Steps never overlap, so relationships
   * always find their nodes. Packing parameters costs the JS driver about as much CPU as the server spends
   * running them, so 2 overlaps the two; 1 = strictly one batch after another.
   */
  concurrency: number;
  /** Database name; undefined = the server default. */
  database?: string;
  /** Apply cypher/schema.cypher first. */
  schema: boolean;
  /** Rows written, for a live count, rate and ETA. */
  progress?: Progress;
  /** Called after each committed batch (tests that cut the connection mid-build). */
  onBatch?: (committed: number, total: number, step: string) => void;
  /** Called before each batch; throws to stop the write (the database lock was lost). */
  guard?: () => void;
  /** Stamp of this write on every node it writes (`build`); nodes without it lose their community id. */
  build?: string;
}

export const WRITE_DEFAULTS: WriteOptions = { batchSize: 5_000, concurrency: 2, schema: true };

export function validateWriteOptions(options: WriteOptions): WriteOptions {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new Neo4jSinkError('invalid-option', 'neo4j write: invalid `batchSize`, expecting a positive integer');
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 16) {
    throw new Neo4jSinkError('invalid-option', 'neo4j write: invalid `concurrency`, expecting an integer in 1..16');
  }
  return options;
}

/** What a write did: rows sent, counters from the server, and time. */
export interface WriteSummary {
  uri?: string;
  nodes: number;
  relationships: number;
  batches: number;
  /** Counters summed over every batch (what the server actually changed). */
  counters: { nodesCreated: number; nodesDeleted: number; relationshipsCreated: number; relationshipsDeleted: number; propertiesSet: number };
  /** Milliseconds per step name. */
  timings: Record<string, number>;
  ms: number;
  /** The stamp this write put on its nodes. */
  build: string;
  /** Nodes of other builds (or rejected this time) whose community id was reset to -1. */
  staleNodes: number;
}

function emptyCounters(): WriteSummary['counters'] {
  return { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, propertiesSet: 0 };
}

/** Writes a plan; on failure throws `write-failed` saying which batches committed (each batch is whole). */
export async function writePlan(driver: Driver, plan: WritePlan, partial: Partial<WriteOptions> = {}): Promise<WriteSummary> {
  const options = validateWriteOptions({ ...WRITE_DEFAULTS, ...partial });
  const started = performance.now();
  const build = options.build ?? randomUUID();
  const progress = options.progress ?? SILENT_PROGRESS;
  const summary: WriteSummary = { nodes: plan.nodes, relationships: plan.relationships, batches: 0, counters: emptyCounters(), timings: {}, ms: 0, build, staleNodes: 0 };
  let totalBatches = plan.steps.reduce((n, s) => n + Math.ceil(s.rows.length / options.batchSize), 0);
  /** Papers that existed before this write (reported by the papers step); only their stale edges can need pruning. */
  const existing = new Set<string>();
  let current = 'schema';
  let stepDone = 0;
  const session = driver.session({ database: options.database, defaultAccessMode: neo4j.session.WRITE });
  const add = (c: ReturnType<typeof emptyCounters>, u: Record<string, number>) => {
    c.nodesCreated += u.nodesCreated ?? 0;
    c.nodesDeleted += u.nodesDeleted ?? 0;
    c.relationshipsCreated += u.relationshipsCreated ?? 0;
    c.relationshipsDeleted += u.relationshipsDeleted ?? 0;
    c.propertiesSet += u.propertiesSet ?? 0;
  };
  try {
    if (options.schema) {
      const t = performance.now();
      await applySchema(driver, options.database);
      summary.timings.schema = Math.round(performance.now() - t);
    }
    let communitiesCleared = false;
    const clearCommunities = async () => {
      // The previous build's communities go first, in batches, so no transaction grows with the graph.
      current = 'delete old communities';
      const t = performance.now();
      for (const statement of [DELETE_MEMBERSHIPS_BATCH, DELETE_COMMUNITIES_BATCH]) {
        for (;;) {
          const result = await session.executeWrite((tx) => tx.run(statement, { limit: neo4j.int(options.batchSize) }));
          add(summary.counters, result.summary.counters.updates());
          if (Number(result.records[0]?.get('deleted') ?? 0) === 0) break;
        }
      }
      summary.timings['delete-communities'] = Math.round(performance.now() - t);
      communitiesCleared = true;
    };
    progress.start('neo4j write', plan.steps.reduce((n, s) => n + s.rows.length, 0));
    for (const step of plan.steps) {
      if (!communitiesCleared && (step.kind === 'communities' || step.kind === 'memberships')) await clearCommunities();
      current = step.name;
      stepDone = 0;
      const t = performance.now();
      await writeStep(step);
      summary.timings[step.name] = Math.round(performance.now() - t);
    }
    if (!communitiesCleared) await clearCommunities();
    // Nodes this write did not stamp keep no community id of another build.
    current = 'reset stale communities';
    const t = performance.now();
    for (const label of MEMBER_LABELS) {
      for (;;) {
        options.guard?.();
        const result = await session.executeWrite((tx) => tx.run(staleCommunities(label), { build, limit: neo4j.int(options.batchSize) }));
        add(summary.counters, result.summary.counters.updates());
        const updated = Number(result.records[0]?.get('updated') ?? 0);
        summary.staleNodes += updated;
        if (updated === 0) break;
      }
    }
    summary.timings['stale-communities'] = Math.round(performance.now() - t);
  } catch (err) {
    if (err instanceof Neo4jSinkError) throw err;
    const code = String((err as { code?: string }).code ?? '');
    const message = firstLine(String((err as Error).message ?? err));
    // A ClientError is the server refusing the data or the statement: retrying sends the same and fails the same.
    const advice = code.startsWith('Neo.ClientError.') ? 're-running will fail the same way' : 're-run to complete';
    throw new Neo4jSinkError(
      'write-failed',
      `Neo4j write failed during ${current} after ${summary.batches} of ${totalBatches} batches committed` +
        `${stepDone ? ` (${stepDone} rows of ${current})` : ''}; every committed batch is whole, ${advice}: ${code ? `[${code}] ` : ''}${message}`,
      { cause: err },
    );
  } finally {
    await session.close();
  }
  summary.ms = Math.round(performance.now() - started);
  progress.end(`${(summary.nodes + summary.relationships).toLocaleString('en-US')} rows in ${summary.batches} batches`);
  return summary;

  /**
   * Sends a step's rows in batches, up to `concurrency` in flight. After a failure no new batch starts; the
   * batches already in flight settle first, so the error reports every commit.
   */
  async function writeStep(step: WriteStep): Promise<void> {
    const rows = step.onlyExisting ? step.rows.filter((row) => existing.has(row.id as string)) : step.rows;
    totalBatches -= Math.ceil(step.rows.length / options.batchSize) - Math.ceil(rows.length / options.batchSize);
    let next = 0;
    let failed: unknown;
    const lane = async () => {
      const laneSession = driver.session({ database: options.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        while (failed === undefined && next < rows.length) {
          const batch = rows.slice(next, (next += options.batchSize));
          try {
            options.guard?.();
            const result = await withReconnect(() => laneSession.executeWrite((tx) => tx.run(step.cypher, { rows: batch, build })));
            add(summary.counters, result.summary.counters.updates());
            if (step.collectExisting) for (const record of result.records) existing.add(String(record.get('id')));
          } catch (err) {
            failed ??= err;
            return;
          }
          summary.batches += 1;
          stepDone += batch.length;
          progress.tick(batch.length);
          options.onBatch?.(summary.batches, totalBatches, step.name);
        }
      } finally {
        await laneSession.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.ceil(rows.length / options.batchSize)) }, lane));
    if (failed !== undefined) throw failed;
  }
}

/**
 * The driver retries a transaction on connection loss, but not a connection closed while it was logging in
 * (ProtocolError). Every batch is idempotent (MERGE on keys), so sending it again is safe: up to three more tries.
 */
async function withReconnect<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = String((err as { code?: string }).code ?? '');
      const lost = code === 'ProtocolError' || code === 'ServiceUnavailable' || code === 'SessionExpired';
      if (!lost || attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

/** Builds the plan for a graph and writes it. */
export async function writeGraph(driver: Driver, graph: GraphView, report: CommunitiesReport, options: Partial<WriteOptions> = {}): Promise<WriteSummary> {
  return writePlan(driver, buildWritePlan(graph, report), options);
}
