// Progress on stderr for long commands. On a terminal: one live line per stage (count, rate, ETA) redrawn in
// place, kept as a finished line when the stage ends. Piped or logged: a plain line when a stage starts and
// ends, and one every ~10 s in between. `-q`: nothing.
import type { Progress } from '../graph/sink.ts';

export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressOptions {
  mode: ProgressMode;
  write: (text: string) => void;
  /** Milliseconds; injected by tests. */
  now: () => number;
  /** Plain mode: a status line this often while a stage runs. */
  heartbeatMs: number;
  /** Terminal mode: redraw at most this often. */
  redrawMs: number;
  /** Timers (setInterval-like); tests pass a manual one. */
  every: (ms: number, fn: () => void) => { stop(): void };
}

export const PROGRESS_DEFAULTS: Omit<ProgressOptions, 'mode' | 'write'> = {
  now: () => performance.now(),
  heartbeatMs: 10_000,
  redrawMs: 200,
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    t.unref();
    return { stop: () => clearInterval(t) };
  },
};

interface Unit {
  label: string;
  total?: number;
  count: number;
  started: number;
  lastDraw: number;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** '2.4 s', '1 min 05 s'. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

/** 'read  12,000/58,959  4,100/s  ETA 11.4 s  (2.9 s)' — what is known of one unit so far. */
export function describeUnit(u: Unit, now: number): string {
  const elapsed = now - u.started;
  const parts = [u.label];
  // A unit's own count may run past an estimated total (file pieces vs graph elements): never show more than it.
  const count = u.total !== undefined ? Math.min(u.count, u.total) : u.count;
  if (count > 0 || u.total !== undefined) parts.push(u.total !== undefined ? `${n(count)}/${n(u.total)}` : n(count));
  const rate = elapsed > 0 ? (count * 1000) / elapsed : 0;
  if (count > 0 && elapsed >= 500) parts.push(`${n(rate)}/s`);
  if (u.total !== undefined && count > 0 && count < u.total && rate > 0) parts.push(`ETA ${formatDuration(((u.total - count) / rate) * 1000)}`);
  parts.push(`(${formatDuration(elapsed)})`);
  return parts.join('  ');
}

/** A `Progress` that reports on a stream; `close()` stops its timer (idempotent). */
export function createProgress(partial: Partial<ProgressOptions> & Pick<ProgressOptions, 'mode' | 'write'>): Progress & { close(): void } {
  const o: ProgressOptions = { ...PROGRESS_DEFAULTS, ...partial };
  const stack: Unit[] = [];
  let timer: { stop(): void } | undefined;
  const live = o.mode === 'tty';

  const draw = (force = false): void => {
    const u = stack.at(-1);
    if (!u || !live) return;
    const now = o.now();
    if (!force && now - u.lastDraw < o.redrawMs) return;
    u.lastDraw = now;
    o.write(`\r\x1b[2K${describeUnit(u, now)}`);
  };
  const ensureTimer = (): void => {
    if (timer || o.mode === 'silent') return;
    timer = o.every(live ? o.redrawMs : o.heartbeatMs, () => {
      const u = stack.at(-1);
      if (!u) return;
      if (live) draw(true);
      else o.write(`${describeUnit(u, o.now())}\n`);
    });
  };

  return {
    start(label, total) {
      if (o.mode === 'silent') return;
      const u: Unit = { label, count: 0, started: o.now(), lastDraw: -Infinity };
      if (total !== undefined) u.total = total;
      stack.push(u);
      if (live) draw(true);
      else o.write(`${label}: started${total !== undefined ? ` (${n(total)} to do)` : ''}\n`);
      ensureTimer();
    },
    tick(k = 1) {
      const u = stack.at(-1);
      if (!u) return;
      u.count += k;
      draw();
    },
    end(note) {
      const u = stack.pop();
      if (!u) return;
      const now = o.now();
      const done = u.total !== undefined ? Math.min(u.count, u.total) : u.count;
      const count = done > 0 ? `${n(done)} in ` : '';
      const line = `${u.label}: done, ${count}${formatDuration(now - u.started)}${note ? ` — ${note}` : ''}`;
      o.write(live ? `\r\x1b[2K${line}\n` : `${line}\n`);
      if (stack.length > 0) draw(true);
      else {
        timer?.stop();
        timer = undefined;
      }
    },
    close() {
      timer?.stop();
      timer = undefined;
      if (live && stack.length > 0) o.write('\r\x1b[2K');
      stack.length = 0;
    },
  };
}

/** Progress for a command: silent with `-q`, live on a terminal, plain lines otherwise. */
export function cliProgress(quiet = false, stream: NodeJS.WriteStream = process.stderr): Progress & { close(): void } {
  const mode: ProgressMode = quiet ? 'silent' : stream.isTTY ? 'tty' : 'plain';
  return createProgress({ mode, write: (text) => void stream.write(text) });
}
