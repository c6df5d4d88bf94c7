// Sinks: where a built graph goes (files, Neo4j). One interface; the build runs its sinks in order.
// A sink streams what it writes (never a whole file in memory) and reports progress through `Progress`.
import type { CommunitiesReport, GraphView } from './types.ts';

/** Progress of one long piece of work (a stage, a file, a Neo4j step): count, rate and ETA come from these calls. */
export interface Progress {
  /** A unit of work begins; `total` (items) lets the display show a rate and an ETA. */
  start(label: string, total?: number): void;
  /** `n` more items of the current unit are done. */
  tick(n?: number): void;
  /** The current unit is done; `note` is a short summary ("1,234 rows"). */
  end(note?: string): void;
}

/** Progress that shows nothing (tests, `-q`). */
export const SILENT_PROGRESS: Progress = { start() {}, tick() {}, end() {} };

export interface SinkResult {
  /** The sink's name (`files`, `neo4j`). */
  sink: string;
  /** Paths written, for file sinks; empty for a database. */
  written: string[];
  /** One-line summary for the build log, when there is something to say. */
  note?: string;
}

export interface Sink {
  readonly name: string;
  /**
   * Starts what writing `graph` will take (a worker thread) while the build's last stages still run; the graph has
   * all its nodes and edges by then, not yet its communities or positions.
   */
  prestart?(graph: GraphView): void;
  write(graph: GraphView, report: CommunitiesReport, progress: Progress): Promise<SinkResult>;
}
