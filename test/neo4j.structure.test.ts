// The Neo4j side's structure: the writer never reaches the server manager, the record description and the import
// CSVs never reach the driver, and managed state lives per user, never inside the package.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launcherBuildDir, launcherRoot, serverOptions } from '../graph/neo4j/manager/index.ts';
import { REPO_ROOT, userStateDir } from '../ingest/paths.ts';

/** Every module a file reaches through static relative imports, and the packages it names. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      if (/^\s*(?:import|export)\s+type\s/.test(m[0])) continue; // types vanish at run time
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(join(REPO_ROOT, entry));
  return { files, packages };
}

const rel = (files: Set<string>) => [...files].map((f) => f.slice(REPO_ROOT.length + 1));

describe('module boundaries', () => {
  it.each(['graph/neo4j/writer.ts', 'graph/neo4j/rows.ts', 'graph/neo4j/statements.ts', 'graph/neo4j/lock.ts', 'graph/neo4j/queries.ts', 'graph/neo4j/reader.ts'])(
    '%s never imports the server manager',
    (entry) => {
      expect(rel(reach(entry).files).filter((f) => f.startsWith('graph/neo4j/manager/'))).toEqual([]);
    },
  );

  it.each(['graph/records.ts', 'graph/export/neo4j-csv.ts'])('%s needs no Neo4j driver', (entry) => {
    expect([...reach(entry).packages]).not.toContain('neo4j-driver');
  });

  it('the manager never imports the writer', () => {
    expect(rel(reach('graph/neo4j/manager/index.ts').files).filter((f) => /graph\/neo4j\/(writer|rows|statements|sink)\.ts$/.test(f))).toEqual([]);
  });
});

describe('per-user state', () => {
  it.each([
    [{ HOME: '/home/ada' }, '/home/ada/.local/state/papergraph'],
    [{ HOME: '/home/ada', XDG_STATE_HOME: '/var/state' }, '/var/state/papergraph'],
    [{ HOME: '/home/ada', XDG_STATE_HOME: 'relative/ignored' }, '/home/ada/.local/state/papergraph'],
    [{ HOME: '/home/ada', XDG_STATE_HOME: '/var/state', PAPERGRAPH_STATE: '/srv/pg' }, '/srv/pg'],
  ])('%j → %s', (env, dir) => {
    expect(userStateDir(env)).toBe(dir);
  });

  it('the managed server and the launcher build live there (or in PAPERGRAPH_NEO4J_STATE), never in the package', () => {
    const env = { HOME: '/home/ada' };
    expect(serverOptions({}, env).stateDir).toBe('/home/ada/.local/state/papergraph/neo4j');
    expect(serverOptions({}, { ...env, PAPERGRAPH_NEO4J_STATE: '/tmp/pg' }).stateDir).toBe('/tmp/pg');
    expect(launcherRoot(env)).toBe('/home/ada/.local/state/papergraph/launcher');
    expect(launcherBuildDir(env)).toMatch(/^\/home\/ada\/\.local\/state\/papergraph\/launcher\/[0-9a-f]{16}$/);
    for (const dir of [serverOptions({}, { HOME: homedir() }).stateDir, launcherRoot({ HOME: homedir() })]) {
      expect(dir.startsWith(REPO_ROOT)).toBe(false);
      expect(dir).not.toContain('node_modules');
    }
  });
});
