// Viewer benchmark (npm run bench:viewer): time to first render and frame time during a scripted pan/zoom in headless
// Chromium, for the seed graph and generated 10k/50k graphs, next to a bare sigma page on the same data in the same run.
// BENCH_RUNS (default 3) runs per page and graph; BENCH_GRAPHS=seed,10k measures only the graphs named.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureBundle } from '../../viewer/build.ts';
import { serveViewer } from '../../viewer/serve.ts';
import { writeSynthDir } from '../../viewer/synth.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/browser.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GRAPHS = new Set((process.env.BENCH_GRAPHS ?? 'seed,10k,50k').split(',').map((g) => g.trim()));

interface Measure {
  firstRenderMs: number;
  /** When every node was loaded (later than the first paint only for summary-first community views). */
  completeMs: number;
  mode: string;
  displayed: number;
  frames: number;
  frameMeanMs: number;
  frameP95Ms: number;
  interactionMs: number;
  /**
   * Main-thread time the page spent during the interaction (Chromium's TaskDuration): render hooks time only sigma's
   * renders, and a page can also work outside them or render a frame more than once (ours drew each camera frame
   * twice, the second time after a full refresh, until the labels were placed inside the render).
   */
  busyMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
}

async function measure(ctx: BrowserContext, url: string): Promise<Measure> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __papergraph?: unknown }).__papergraph, null, { timeout: 120_000 });
  if (errors.length > 0) throw new Error(`page error at ${url}: ${errors[0]}`);
  // Large graphs paint their communities first; time the pan/zoom once every node is in.
  await page.waitForFunction(() => {
    const h = (window as unknown as { __papergraph: { complete?: () => boolean } }).__papergraph;
    return !h.complete || h.complete();
  }, null, { timeout: 180_000 });
  const first = await page.evaluate(() => {
    const h = (window as unknown as { __papergraph: { firstRenderMs: number; mode: string; renderTimes(): number[]; counts(): { display: number }; completeMs?: () => number | null } }).__papergraph;
    return { firstRenderMs: h.firstRenderMs, completeMs: h.completeMs?.() ?? h.firstRenderMs, mode: h.mode, before: h.renderTimes().length, displayed: h.counts().display };
  });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  // Scripted interaction: zoom in on the centre, pan around, zoom back out.
  const box = { x: 700, y: 450 };
  const busy0 = await taskSeconds();
  const t0 = Date.now();
  await page.mouse.move(box.x, box.y);
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, -240); await page.waitForTimeout(60); }
  await page.mouse.down();
  for (let i = 0; i < 30; i++) { await page.mouse.move(box.x + 8 * i, box.y + 5 * i); await page.waitForTimeout(16); }
  await page.mouse.up();
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 240); await page.waitForTimeout(60); }
  await page.waitForTimeout(600);
  const interactionMs = Date.now() - t0;
  const busyMs = ((await taskSeconds()) - busy0) * 1000;
  const times = await page.evaluate((before) => (window as unknown as { __papergraph: { renderTimes(): number[] } }).__papergraph.renderTimes().slice(before), first.before);
  await page.close();
  return {
    firstRenderMs: first.firstRenderMs, completeMs: first.completeMs, mode: first.mode, displayed: first.displayed, frames: times.length,
    frameMeanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length), frameP95Ms: p95(times), interactionMs, busyMs,
  };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`bench:viewer needs Chromium at ${CHROMIUM_PATH}`);
  const work = mkdtempSync(join(tmpdir(), 'papergraph-bench-viewer-'));
  const datasets: { name: string; dir: string }[] = [];
  const seedDir = join(work, 'seed');
  if (GRAPHS.has('seed')) {
    const built = spawnSync(process.execPath, [join(REPO, 'bin/papergraph.js'), 'build', '--out', seedDir], { cwd: REPO, encoding: 'utf8' });
    if (built.status === 0 && existsSync(join(seedDir, 'graph.json'))) datasets.push({ name: 'seed', dir: seedDir });
    else process.stderr.write(`seed graph not built (papergraph build exited ${built.status}): ${built.stderr.trim().split('\n').pop()}\n`);
  }
  for (const [name, nodes, edges] of [['10k', 10_000, 30_000], ['50k', 50_000, 150_000]] as const) {
    if (!GRAPHS.has(name)) continue;
    const dir = join(work, name);
    await writeSynthDir(dir, { nodes, edges });
    datasets.push({ name, dir });
  }
  const [appBundle, bareBundle] = [await ensureBundle(), await ensureBundle({ entry: 'bench/bare.ts', name: 'bare' })];
  const ctx = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 },
  });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const ds of datasets) {
      const app = await serveViewer({ dir: ds.dir, port: 0, host: '127.0.0.1', bundleDir: appBundle });
      const bare = await serveViewer({ dir: ds.dir, port: 0, host: '127.0.0.1', bundleDir: bareBundle });
      const ours: Measure[] = [];
      const base: Measure[] = [];
      // Interleave runs so background load hits both pages alike.
      for (let i = 0; i < RUNS; i++) {
        for (const [list, url, name] of [[base, bare.url, 'bare'], [ours, app.url, 'papergraph']] as const) {
          try {
            list.push(await measure(ctx, url));
          } catch (err) {
            process.stderr.write(`${ds.name} ${name} run ${i + 1} failed: ${(err as Error).message.split('\n')[0]}\n`);
          }
        }
      }
      if (ours.length === 0 || base.length === 0) {
        await app.close();
        await bare.close();
        rows.push({ graph: ds.name, failed: true });
        continue;
      }
      await app.close();
      await bare.close();
      const row = {
        graph: ds.name,
        nodes: ours[0]?.displayed,
        mode: ours[0]?.mode,
        firstRenderMs: Math.round(median(ours.map((m) => m.firstRenderMs))),
        bareFirstRenderMs: Math.round(median(base.map((m) => m.firstRenderMs))),
        allLoadedMs: Math.round(median(ours.map((m) => m.completeMs))),
        frameMeanMs: +median(ours.map((m) => m.frameMeanMs)).toFixed(2),
        bareFrameMeanMs: +median(base.map((m) => m.frameMeanMs)).toFixed(2),
        frameP95Ms: +median(ours.map((m) => m.frameP95Ms)).toFixed(2),
        bareFrameP95Ms: +median(base.map((m) => m.frameP95Ms)).toFixed(2),
        frames: median(ours.map((m) => m.frames)),
        bareFrames: median(base.map((m) => m.frames)),
        busyMs: Math.round(median(ours.map((m) => m.busyMs))),
        bareBusyMs: Math.round(median(base.map((m) => m.busyMs))),
      };
      const withRatios = {
        ...row,
        firstRenderRatio: +(row.firstRenderMs / row.bareFirstRenderMs).toFixed(2),
        frameRatio: +(row.frameMeanMs / Math.max(0.01, row.bareFrameMeanMs)).toFixed(2),
        busyRatio: +(row.busyMs / Math.max(1, row.bareBusyMs)).toFixed(2),
      };
      rows.push(withRatios);
      process.stdout.write(`${JSON.stringify(withRatios)}\n`);
    }
  } finally {
    await ctx.close();
  }
  console.table(rows);
  const seed = rows.find((r) => r.graph === 'seed');
  const k10 = rows.find((r) => r.graph === '10k');
  const k50 = rows.find((r) => r.graph === '50k');
  const verdict = [
    `first render at 10k: ${k10?.firstRenderMs} ms (target < 2000)`,
    `overhead vs bare sigma (first render / frame): seed ${seed?.firstRenderRatio ?? 'n/a'} / ${seed?.frameRatio ?? 'n/a'}, 10k ${k10?.firstRenderRatio} / ${k10?.frameRatio} (target ≤ 1.2)`,
    `main thread during the pan/zoom vs bare sigma: seed ${seed?.busyRatio ?? 'n/a'}, 10k ${k10?.busyRatio ?? 'n/a'} (frames drawn: seed ${seed?.frames ?? 'n/a'} vs ${seed?.bareFrames ?? 'n/a'}, 10k ${k10?.frames ?? 'n/a'} vs ${k10?.bareFrames ?? 'n/a'})`,
    k50 ? `50k opens at ${k50.mode} level in ${k50.firstRenderMs} ms (target < 3000)` : '50k not measured',
  ];
  process.stdout.write(`${verdict.join('\n')}\n`);
  await mkdir(join(REPO, 'test-artifacts'), { recursive: true });
  await writeFile(join(REPO, 'test-artifacts', 'bench-viewer.json'), `${JSON.stringify({ runs: RUNS, rows }, null, 2)}\n`);
  await rm(work, { recursive: true, force: true });
}

await main();
