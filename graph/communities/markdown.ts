// communities.md: the report as a readable map of the field — an overview table, then one section per community.
import { TERM_TYPES, type CommunitiesReport, type Community, type GraphView, type TermType } from '../types.ts';
import { isEntityType } from '../../ingest/types.ts';

const TYPE_TITLE: Record<TermType, string> = { topic: 'Topics', method: 'Methods', dataset: 'Datasets', benchmark: 'Benchmarks' };

/** Text safe inside a Markdown table cell or list item: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function years(c: Community): string {
  if (!c.dateSpan) return '–';
  const from = c.dateSpan.from.slice(0, 7);
  const to = c.dateSpan.to.slice(0, 7);
  return from === to ? from : `${from} → ${to}`;
}

function names(c: Community, type: TermType, n: number): string {
  return (c.top[type] ?? [])
    .slice(0, n)
    .map((e) => `${cell(e.name)} (${e.papers})`)
    .join(', ');
}

function minorText(report: CommunitiesReport): string {
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (report.minor) {
    parts.push(
      `${plural(report.minor.communities, 'minor community', 'minor communities')} (${plural(report.minor.nodes, 'node', 'nodes')}: ` +
        'separate components or single-paper groups, grey in the viewer) not listed',
    );
  }
  const isolated = (report.unassigned ?? 0) - (report.minor?.nodes ?? 0);
  if (isolated > 0) parts.push(plural(isolated, 'isolated node', 'isolated nodes'));
  return parts.length ? ` Also ${parts.join('; ')}.` : '';
}

/** Renders the report; `graph` supplies the node and type counts of the header. */
export function communitiesMarkdown(report: CommunitiesReport, graph: GraphView): string {
  let paperCount = 0;
  let entityCount = 0;
  let topicCount = 0;
  graph.forEachNode((_k, a) => {
    if (a.type === 'paper') paperCount++;
    else if (a.type === 'topic') topicCount++;
    else if (isEntityType(a.type)) entityCount++;
  });
  const byId = new Map(report.communities.map((c) => [c.id, c]));
  const out: string[] = [];
  out.push('# Research communities', '');
  out.push(
    `${paperCount} papers${topicCount > 0 ? `, ${topicCount} topics` : ''} and ${entityCount} entities in **${report.communities.length} communities** ` +
      `(modularity ${report.modularity.toFixed(3)}, resolution ${report.resolution}${report.splitResolution > 0 ? `, split inside areas${report.splitMinPapers ? ` of ${report.splitMinPapers}+ papers` : ''} at ${report.splitResolution}` : ''}, seed ${report.seed}).` +
      minorText(report),
    '',
    'Labels lead with each community\'s most distinctive topics, then its most distinctive entities (log-likelihood ' +
      'against the rest of the graph); counts in parentheses are papers of the community linking the topic or entity.',
    '',
  );
  // Inputs without dates (the bundled pages give only month and day) get no Dates column rather than a column of dashes.
  const dated = report.communities.some((c) => c.dateSpan !== undefined);
  // Likewise a Topics column only when the build ran the topic stage.
  const topical = report.communities.some((c) => (c.top.topic ?? []).length > 0);
  out.push(`| # | Community | Papers | Nodes |${dated ? ' Dates |' : ''}${topical ? ' Topics |' : ''} Methods | Datasets & benchmarks |`);
  out.push(`|---:|---|---:|---:|${dated ? '---|' : ''}${topical ? '---|' : ''}---|---|`);
  for (const c of report.communities) {
    const data = [names(c, 'dataset', 2), names(c, 'benchmark', 2)].filter(Boolean).join(', ');
    out.push(`| ${c.id} | ${cell(c.label)} | ${c.papers} | ${c.size} |${dated ? ` ${years(c)} |` : ''}${topical ? ` ${names(c, 'topic', 3)} |` : ''} ${names(c, 'method', 3)} | ${data} |`);
  }
  out.push('');
  for (const c of report.communities) {
    out.push(`## ${c.id}. ${cell(c.label)}`, '');
    const siblings = c.parent === undefined ? [] : report.communities.filter((d) => d.parent === c.parent && d.id !== c.id).map((d) => `#${d.id}`);
    const parent = c.parent === undefined ? '' : ` · area ${c.parent}${siblings.length ? ` with ${siblings.join(', ')}` : ''}`;
    out.push(`${c.papers} papers, ${c.size} nodes${dated ? ` · ${years(c)}` : ''} · colour \`${c.color}\`${parent}`, '');
    for (const type of TERM_TYPES) {
      const list = c.top[type] ?? [];
      if (list.length) out.push(`- **${TYPE_TITLE[type]}:** ${names(c, type, list.length)}`);
    }
    if (c.people?.length) out.push(`- **People:** ${c.people.map((a) => `${cell(a.name)} (${a.papers})`).join(', ')}`);
    if (c.topPapers.length) {
      out.push('- **Central papers:**');
      for (const p of c.topPapers) out.push(`  - ${cell(p.title)} (\`${p.id}\`)`);
    }
    if (c.neighbours.length) {
      const list = c.neighbours.map((n) => {
        const label = byId.get(n.id)?.label ?? `community ${n.id}`;
        const shared = n.shared.length ? ` via ${n.shared.map(cell).join(', ')}` : '';
        return `#${n.id} ${cell(label)}${shared}`;
      });
      out.push(`- **Neighbours:** ${list.join('; ')}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
