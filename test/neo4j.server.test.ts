// Managed-server helpers that need no Java: password file, options from env, validation, the start lock.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionFromEnv } from '../graph/neo4j/connection.ts';
import { acquireLock, managedPassword, SERVER_DEFAULTS, serverOptions, statePaths } from '../graph/neo4j/manager/index.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'papergraph-server-'));

describe('managed password', () => {
  it('is created once, random, in a file only the user can read', async () => {
    const dir = join(tmp(), 'state');
    const first = await managedPassword(dir);
    // hex: never a leading '-' that neo4j-admin would read as an option
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const many = await Promise.all(Array.from({ length: 64 }, (_, k) => managedPassword(join(tmp(), `many-${k}`))));
    for (const p of many) expect(p).not.toMatch(/^-/);
    expect(statSync(statePaths(dir).password).mode & 0o777).toBe(0o600);
    expect(await managedPassword(dir)).toBe(first);
    expect(await managedPassword(join(tmp(), 'other'))).not.toBe(first);
  });

  it('is not created when asked only to read', async () => {
    expect(await managedPassword(join(tmp(), 'none'), false)).toBeUndefined();
  });
});

describe('server options', () => {
  it('env overrides defaults, explicit options override env', () => {
    const env = { PAPERGRAPH_NEO4J_PORT: '7777', PAPERGRAPH_NEO4J_HEAP: '3g' };
    expect(serverOptions({}, env)).toMatchObject({ port: 7777, heap: '3g', pagecache: SERVER_DEFAULTS.pagecache });
    expect(serverOptions({ port: 8888 }, env).port).toBe(8888);
  });

  it.each([
    [{ port: 0 }],
    [{ port: 70000 }],
    [{ port: 1.5 }],
    [{ heap: 'lots' }],
    [{ pagecache: '1 g' }],
    [{ startTimeoutSec: 0 }],
  ])('%j is rejected with invalid-option', (partial) => {
    expect(() => serverOptions(partial, {})).toThrow(expect.objectContaining({ code: 'invalid-option' }));
  });
});

describe('NEO4J_* environment', () => {
  it.each([
    [{}, undefined],
    [{ NEO4J_URI: 'neo4j+s://x.databases.neo4j.io', NEO4J_PASSWORD: 'pw' }, { kind: 'env', uri: 'neo4j+s://x.databases.neo4j.io', username: 'neo4j', password: 'pw' }],
    [
      { NEO4J_URI: 'bolt://h:7687', NEO4J_USERNAME: 'u', NEO4J_PASSWORD: 'p', NEO4J_DATABASE: 'papers' },
      { kind: 'env', uri: 'bolt://h:7687', username: 'u', password: 'p', database: 'papers' },
    ],
  ])('%j → %j', (env, expected) => {
    expect(connectionFromEnv(env)).toEqual(expected);
  });
});

describe('start lock', () => {
  it('admits one holder at a time and is free again after release', async () => {
    const dir = join(tmp(), 'start.lock');
    const release = await acquireLock(dir, 1_000);
    await expect(acquireLock(dir, 300)).rejects.toMatchObject({ code: 'start-failed' });
    await release();
    const again = await acquireLock(dir, 1_000);
    await again();
  });
});
