// The CLI contract every command shares: --help, --version, one-line usage errors with exit 2, exit 1 when no paper
// is read, no stack traces, and a closed stdout (`| head`) ends a command quietly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(existsSync('no/such/out'), 'a failed build leaves no output directory behind').toBe(false);
  });

  it('prints its version with --version and -V', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it.each([
    ['a missing file', () => 'no/such/file.jsonl', 'missing-file'],
    ['an empty file', (d: string) => (writeFileSync(join(d, 'empty.jsonl'), ''), join(d, 'empty.jsonl')), 'empty-file'],
  ])('extract exits 1 when it reads no paper (%s), like build', (_name, input, code) => {
    const d = mkdtempSync(join(tmpdir(), 'papergraph-cli-'));
    try {
      for (const command of ['extract', 'build']) {
        const r = cli(command, input(d), ...(command === 'build' ? ['--out', join(d, 'out')] : []));
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`0: ${code}`);
        expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^papergraph: no papers to (extract|build)/);
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('extract --explain escapes control characters from the input (no escape sequence reaches the terminal)', () => {
    const d = mkdtempSync(join(tmpdir(), 'papergraph-cli-'));
    try {
      const input = join(d, 'evil.jsonl');
      writeFileSync(input, `${JSON.stringify({ title: 'Evil\u001b[2J\u001b]0;owned\u0007 Net', abstract: 'We propose EvilNet\u001b[31m, a model \u202e evaluated on SQuAD.' })}\n`);
      const r = cli('extract', input, '--explain', '--workers', '1');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('\\x1b[2J');
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('ends quietly when its standard output is closed early (papergraph extract | head -1)', () => {
    const r = spawnSync('bash', ['-c', 'set -o pipefail; e=$(mktemp); node bin/papergraph.js extract 2>"$e" | head -1; echo "rc=${PIPESTATUS[0]}"; cat "$e" >&2; rm -f "$e"'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const [first, rc] = r.stdout.trim().split('\n');
    expect(JSON.parse(first!)).toHaveProperty('entities');
    expect(rc).toBe('rc=0');
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  }, 120_000);
});

