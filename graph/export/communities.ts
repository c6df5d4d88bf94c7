// communities.json streamed community by community, byte-identical to `JSON.stringify(report, null, 2)`.
import type { CommunitiesReport } from '../types.ts';

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

/** The report as 2-space-indented JSON, one community per piece. */
export function* communitiesJsonChunks(report: CommunitiesReport): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined);
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    const lead = `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (key !== 'communities' || !Array.isArray(value) || value.length === 0) {
      yield `${lead}${indent(JSON.stringify(value, null, 2), '  ')}`;
      continue;
    }
    yield `${lead}[`;
    for (const [j, community] of (value as unknown[]).entries()) yield `${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(community, null, 2), '    ')}`;
    yield '\n  ]';
  }
  yield entries.length > 0 ? '\n}\n' : '}\n';
}
