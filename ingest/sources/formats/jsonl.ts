// JSON Lines: one JSON object per line; a bad line is rejected alone and reading continues.
import { asProblem, readLines } from '../lines.ts';
import type { ParseContext, ParsedItem } from '../record.ts';
import { draftFromObject } from './object.ts';

export async function* parseJsonl(bytes: AsyncIterable<Buffer>, ctx: ParseContext): AsyncGenerator<ParsedItem> {
  for await (const item of readLines(bytes, ctx.maxRecordBytes)) {
    if ('code' in item) {
      yield asProblem(item);
      continue;
    }
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (e) {
      yield { code: 'invalid-json', line: item.line, message: (e as Error).message };
      continue;
    }
    yield draftFromObject(value, item.line);
  }
}
