// Where papergraph's own files live. The first stage holds this module so every later stage (graph, sinks,
// CLI, viewer) can import it without an import running back up; nothing else computes a path from import.meta.url.
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository (or installed package) root: this file is ingest/paths.ts. */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Lexicon data files (ingest/lexicons/*.txt). */
export const LEXICON_DIR: string = join(REPO_ROOT, 'ingest', 'lexicons');
/** The bundled seed corpus (five Hugging Face Daily Papers pages). */
export const BUNDLED_CORPUS: string = join(REPO_ROOT, 'ingest', 'corpus');
/** `schema.cypher` and the named query library `queries/*.cypher`. */
export const CYPHER_DIR: string = join(REPO_ROOT, 'cypher');
/** The Maven project of the managed Neo4j launcher. */
export const NEO4J_LAUNCHER_DIR: string = join(REPO_ROOT, 'graph', 'neo4j', 'server');

/**
 * Per-user state of papergraph (the managed Neo4j's data, password and logs, the built Neo4j launcher):
 * $PAPERGRAPH_STATE, else $XDG_STATE_HOME/papergraph, else ~/.local/state/papergraph — never inside the package,
 * which may be a read-only node_modules folder.
 */
export function userStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PAPERGRAPH_STATE?.trim()) return resolve(env.PAPERGRAPH_STATE);
  const xdg = env.XDG_STATE_HOME?.trim();
  // XDG: a relative path is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'papergraph');
  return join(env.HOME?.trim() || homedir(), '.local', 'state', 'papergraph');
}
