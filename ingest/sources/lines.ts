// Byte stream → lines, with bounded memory: over-long lines are skipped, invalid UTF-8 reported per line.
import type { Problem } from './record.ts';

export interface Line {
  line: number;
  text: string;
}

/** A line that cannot be used. For invalid UTF-8, `lossy` is the line decoded with U+FFFD replacements. */
export interface LineProblem extends Problem {
  lossy?: string;
}

/** The problem alone, without the lossy text. */
export const asProblem = ({ code, line, message }: LineProblem): Problem => ({ code, line, message });

const NL = 0x0a;
const CR = 0x0d;

/**
 * Split a byte stream into lines (LF or CRLF). A line longer than `maxBytes` is never buffered
 * whole: its bytes are dropped as they arrive and a `line-too-long` problem is yielded instead.
 * A line that is not valid UTF-8 yields an `invalid-utf8` problem. A leading BOM is dropped.
 */
export async function* readLines(bytes: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line | LineProblem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let skipped = 0; // > 0 while dropping an over-long line: bytes seen so far
  let line = 1;

  const finish = (): Line | LineProblem => {
    const n = line++;
    if (skipped > 0) {
      const seen = skipped;
      skipped = 0;
      return { code: 'line-too-long', line: n, message: `line longer than ${maxBytes} bytes (${seen}+ bytes), skipped` };
    }
    let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    // Decoded before anything is yielded, so a slice of a stream chunk is never held on to.
    parts = [];
    size = 0;
    if (buf.length > 0 && buf[buf.length - 1] === CR) buf = buf.subarray(0, buf.length - 1);
    try {
      // TextDecoder drops a leading BOM (ignoreBOM defaults to false) — right for line 1, harmless elsewhere.
      return { line: n, text: decoder.decode(buf) };
    } catch {
      return { code: 'invalid-utf8', line: n, message: 'line is not valid UTF-8', lossy: buf.toString('utf8') };
    }
  };

  const take = (chunk: Buffer, from: number, to: number): void => {
    if (to <= from) return;
    if (skipped > 0) {
      skipped += to - from;
      return;
    }
    if (size + (to - from) > maxBytes) {
      skipped = size + (to - from);
      parts = [];
      size = 0;
      return;
    }
    // Copy: the stream may reuse chunk memory, and a kept slice would pin the whole chunk.
    parts.push(Buffer.from(chunk.subarray(from, to)));
    size += to - from;
  };

  for await (const chunk of bytes) {
    let pos = 0;
    for (let nl = chunk.indexOf(NL, pos); nl !== -1; nl = chunk.indexOf(NL, pos)) {
      if (size === 0 && skipped === 0 && nl - pos <= maxBytes) {
        // Fast path: the whole line is inside this chunk, decode it in place without copying.
        parts = [chunk.subarray(pos, nl)];
        size = nl - pos;
      } else take(chunk, pos, nl);
      yield finish();
      pos = nl + 1;
    }
    take(chunk, pos, chunk.length);
  }
  if (size > 0 || skipped > 0) yield finish();
}
