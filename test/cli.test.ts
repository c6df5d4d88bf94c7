// The CLI contract every command shares: --help, one-line usage errors with exit 2, no stack traces.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const COMMANDS = ['build', 'extract', 'eval', 'db', 'query', 'export', 'view'];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/papergraph.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('papergraph CLI', () => {
  it('lists every command in --help', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.stdout).not.toContain('unavailable');
  });

  it.each(COMMANDS.map((c) => [c]))('%s --help prints its usage', (command) => {
    const r = cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: papergraph ${command}`);
  });

  it.each([
    [['build', '--no-such-flag']],
    [['build', '--seed', 'minus-one']],
    [['build', '--resolution', '0']],
    [['build', '--neo4j', 'sometimes']],
    [['no-such-command']],
  ])('rejects bad usage %j with exit 2 and one line', (args) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails a build whose inputs yield no paper, listing each rejection with file and line', () => {
    const r = cli('build', 'no/such/file.jsonl', '--out', 'no/such/out');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read 1 = accepted 0 + rejected 1 + duplicates 0 (missing-file 1)');
    expect(r.stderr).toContain('no/such/file.jsonl:0: missing-file');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^papergraph: no papers to build/);
  });
});
