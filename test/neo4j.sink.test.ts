// writeBuildToNeo4j without a usable server: no Java (auto skips with one line, required fails), unreachable NEO4J_URI.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBuildToNeo4j } from '../graph/neo4j/sink.ts';
import { loadSmallBuild } from './fixtures/neo4j/load.ts';

const saved = { ...process.env };
const { graph, report } = loadSmallBuild();

beforeEach(() => {
  for (const k of ['NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete process.env[k];
  // A state folder and port of our own: never the developer's managed server.
  process.env.PAPERGRAPH_NEO4J_STATE = mkdtempSync(join(tmpdir(), 'papergraph-sink-'));
  process.env.PAPERGRAPH_NEO4J_PORT = '1';
});

afterEach(() => {
  process.env = { ...saved };
});

describe('writeBuildToNeo4j without a server', () => {
  it('auto, no Java, no NEO4J_URI: logs one line saying how to enable it and returns undefined', async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'papergraph-empty-path-'));
    const lines: string[] = [];
    await expect(writeBuildToNeo4j(graph, report, { mode: 'auto', log: (l) => lines.push(l) })).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java.*NEO4J_URI/);
  });

  it('required, no Java: fails with java-missing', async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), 'papergraph-empty-path-'));
    await expect(writeBuildToNeo4j(graph, report, { mode: 'required' })).rejects.toMatchObject({ code: 'java-missing' });
  });

  it.each(['auto', 'required'] as const)('%s with an unreachable NEO4J_URI: fails with unreachable naming the URI', async (mode) => {
    process.env.NEO4J_URI = 'bolt://127.0.0.1:1';
    process.env.NEO4J_PASSWORD = 'x';
    await expect(writeBuildToNeo4j(graph, report, { mode })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('bolt://127.0.0.1:1'),
    });
  }, 10_000);
});
