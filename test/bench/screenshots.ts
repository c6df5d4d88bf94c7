// Regenerates the README screenshots from built graphs: the seed map (full graph) and a corpus at community level.
// Run: npx tsx test/bench/screenshots.ts SEED_OUT_DIR [ACL_OUT_DIR]   (directories written by `papergraph build`)
import { join } from 'node:path';
import { REPO_ROOT } from '../../ingest/paths.ts';
import { ensureBundle } from '../../viewer/build.ts';
import { serveViewer } from '../../viewer/serve.ts';
import { launchBrowser, ready } from '../e2e/browser.ts';

const shots: { dir: string | undefined; query: string; file: string }[] = [
  { dir: process.argv[2], query: '', file: 'seed-map.png' },
  { dir: process.argv[3], query: '?level=community', file: 'acl-communities.png' },
];
if (!process.argv[2]) {
  process.stderr.write('usage: screenshots.ts SEED_OUT_DIR [ACL_OUT_DIR]\n');
  process.exit(2);
}

const browser = await launchBrowser();
try {
  const bundleDir = await ensureBundle();
  for (const shot of shots) {
    if (!shot.dir) continue;
    const server = await serveViewer({ dir: shot.dir, port: 0, host: '127.0.0.1', bundleDir });
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.goto(`${server.url}${shot.query}`);
      await ready(page, 120_000);
      await page.waitForTimeout(1500);
      const out = join(REPO_ROOT, 'docs', shot.file);
      await page.screenshot({ path: out });
      process.stdout.write(`${out}\n`);
      await page.close();
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}
