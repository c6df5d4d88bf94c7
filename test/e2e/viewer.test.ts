// End-to-end viewer tests in headless Chromium: the seed graph (built here), an XSS fixture, the static build from disk, community level.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedGraph } from 'graphology-types';
import { colorDistance } from '../../graph/palette.ts';
import type { EdgeAttributes, GraphAttributes, NodeAttributes } from '../../graph/types.ts';
import { buildStaticViewer, ensureBundle } from '../../viewer/build.ts';
import { serveViewer, type RunningViewer } from '../../viewer/serve.ts';
import { writeSynthDir } from '../../viewer/synth.ts';
import { browserAvailable, launchBrowser, ready, type Browser } from './browser.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(REPO, 'test-artifacts');
const XSS_DIR = join(REPO, 'test', 'fixtures', 'viewer', 'xss');
const PAYLOAD = '<img src=x onerror=alert(1)>';

type Serialized = SerializedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;
interface Hook {
  mode: string;
  state(): { selected: string | null; author: string | null; hiddenCommunities: number[]; expanded: number[] };
  counts(): { display: number; visible: number; total: number };
  edges(): { display: number; visible: number };
  isVisible(node: string): boolean;
  positions(nodes: string[]): ({ x: number; y: number } | null)[];
  viewport(node: string): { x: number; y: number } | null;
  camera(): { x: number; y: number; ratio: number; angle: number };
  labels(): { node: string; x: number; y: number; w: number; h: number }[];
  communityColors(): { id: number; color: string; size: number }[];
  complete(): boolean;
}

/** Page with console errors, page errors and dialogs recorded. */
async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __papergraph?: unknown; __papergraphError?: string }).__papergraph
    || (window as unknown as { __papergraphError?: string }).__papergraphError, null, { timeout: 60_000 });
  return { page, errors, dialogs };
}

function hook<T>(page: Page, fn: (h: Hook) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__papergraph)`) as Promise<T>;
}

/** Share of non-background pixels in the graph area, from a real screenshot decoded by the page itself. */
async function inkRatio(page: Page): Promise<number> {
  const png = await page.locator('#stage').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if ((d[i] as number) < 235 || (d[i + 1] as number) < 235 || (d[i + 2] as number) < 235) ink++;
    return ink / (d.length / 4);
  }, png.toString('base64'));
}

/** Types a query and picks the hit for `node` from the result list. */
async function searchAndPick(page: Page, query: string, node: string): Promise<void> {
  await page.fill('#search', query);
  const hit = page.locator(`#search-results li[data-node=${JSON.stringify(node)}]`);
  await hit.waitFor();
  await hit.click();
}

const enabled = browserAvailable();

describe.skipIf(!enabled)('viewer in Chromium', () => {
  let work: string;
  let seedDir: string;
  let seed: Serialized;
  let browser: Browser;
  let seedServer: RunningViewer;
  let xssServer: RunningViewer;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'papergraph-e2e-'));
    // PAPERGRAPH_SEED_DIR reuses an existing `papergraph build` output (CI builds it once); else build it here.
    seedDir = process.env.PAPERGRAPH_SEED_DIR ?? join(work, 'seed');
    if (!process.env.PAPERGRAPH_SEED_DIR) {
      const built = spawnSync(process.execPath, [join(REPO, 'bin/papergraph.js'), 'build', '--out', seedDir], { cwd: REPO, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`papergraph build failed (${built.status}): ${built.stderr}`);
    }
    seed = JSON.parse(readFileSync(join(seedDir, 'graph.json'), 'utf8')) as Serialized;
    const bundleDir = await ensureBundle();
    seedServer = await serveViewer({ dir: seedDir, port: 0, host: '127.0.0.1', bundleDir });
    xssServer = await serveViewer({ dir: XSS_DIR, port: 0, host: '127.0.0.1', bundleDir });
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await seedServer?.close();
    await xssServer?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** "MMMU" when the extractor found it, else the benchmark with most papers. */
  function searchTarget(): { key: string; label: string; papers: number } {
    const entities = seed.nodes.filter((n) => n.attributes?.type === 'benchmark');
    const mmmu = entities.find((n) => n.attributes?.label === 'MMMU');
    const pick = mmmu ?? [...entities].sort((a, b) => ((b.attributes as { papers: number }).papers - (a.attributes as { papers: number }).papers))[0];
    if (!pick?.attributes) throw new Error('seed graph has no benchmark');
    const papers = seed.edges.filter((e) => e.target === pick.key).length;
    return { key: pick.key, label: pick.attributes.label, papers };
  }

  it('loads the seed graph without console errors and draws it', async () => {
    const { page, errors } = await open(browser, seedServer.url);
    expect(await hook(page, (h) => h.counts())).toEqual({ display: seed.nodes.length, visible: seed.nodes.length, total: seed.nodes.length });
    await page.waitForTimeout(300);
    expect(await inkRatio(page)).toBeGreaterThan(0.02);
    await page.screenshot({ path: join(ARTIFACTS, 'viewer-seed.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#export-png')]);
    expect(download.suggestedFilename()).toBe('papergraph.png');
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    const links = await page.$$eval('[data-download]', (as) => Promise.all(as.map(async (a) => {
      const href = (a as HTMLAnchorElement).href;
      return [a.getAttribute('data-download'), (await fetch(href, { method: 'HEAD' })).status];
    })));
    expect(Object.fromEntries(links)).toEqual({ graphml: 200, gexf: 200, json: 200 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('search selects an entity, the panel lists its papers, and the URL hash restores it', async () => {
    const target = searchTarget();
    const { page, errors } = await open(browser, seedServer.url);
    await page.fill('#search', target.label);
    await page.waitForSelector(`#search-results li[data-node=${JSON.stringify(target.key)}]`);
    await page.click(`#search-results li[data-node=${JSON.stringify(target.key)}]`);
    expect(await hook(page, (h) => h.state().selected)).toBe(target.key);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(target.label);
    const listed = await page.locator('#panel .list.papers li').count();
    expect(listed).toBe(Math.min(target.papers, 50));
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`sel=${encodeURIComponent(target.key)}`);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __papergraph?: unknown }).__papergraph);
    expect(await hook(page, (h) => h.state().selected)).toBe(target.key);
    expect(await page.locator('#panel .panel-title').textContent()).toBe(target.label);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hiding a community in the legend hides exactly its nodes', async () => {
    const { page, errors } = await open(browser, seedServer.url);
    const item = page.locator('#legend [data-community]').nth(1);
    const id = Number(await item.getAttribute('data-community'));
    const members = seed.nodes.filter((n) => n.attributes?.community === id).map((n) => n.key);
    const other = seed.nodes.find((n) => n.attributes?.community !== id)?.key as string;
    expect(members.length).toBeGreaterThan(0);
    await item.click();
    expect(await item.getAttribute('aria-pressed')).toBe('false');
    const visible = await page.evaluate((keys) => keys.map((k) => (window as unknown as { __papergraph: Hook }).__papergraph.isVisible(k)), [...members, other]);
    expect(visible).toEqual([...members.map(() => false), true]);
    expect((await hook(page, (h) => h.counts())).visible).toBe(seed.nodes.length - members.length);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`hc=${id}`);
    await item.click();
    expect((await hook(page, (h) => h.counts())).visible).toBe(seed.nodes.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows hostile titles, abstracts, aliases and links as text', async () => {
    const { page, errors, dialogs } = await open(browser, `${xssServer.url}#sel=${encodeURIComponent('t:xss')}`);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(`Hostile ${PAYLOAD} paper`);
    await expect.poll(() => page.locator('#panel .abstract').textContent()).toContain('<script>alert(2)</script>');
    await page.fill('#search', 'svg onload');
    await page.waitForSelector('#search-results li');
    await page.click('#search-results li');
    await expect.poll(() => page.locator('#panel').textContent()).toContain('<svg onload=alert(5)>');
    await page.fill('#search', 'MMLU');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#panel').textContent()).toContain('<img src=w onerror=alert(8)>');
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('#app img').length,
      script: document.querySelectorAll('#app script').length,
      svg: document.querySelectorAll('#app svg').length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
    }));
    expect(injected).toEqual({ img: 0, script: 0, svg: 0, jsLinks: 0 });
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('static build opens from disk (file://) with the data embedded', async () => {
    const out = join(work, 'static');
    await buildStaticViewer({ data: seedDir, out });
    for (const f of ['index.html', 'app.js', 'app.css', 'data.js', 'graph.graphml', 'graph.gexf']) expect(existsSync(join(out, f))).toBe(true);
    const { page, errors } = await open(browser, pathToFileURL(join(out, 'index.html')).href);
    expect((await hook(page, (h) => h.counts())).visible).toBe(seed.nodes.length);
    expect(await inkRatio(page)).toBeGreaterThan(0.02);
    expect(await page.locator('[data-download=graphml]').getAttribute('href')).toBe('graph.graphml');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('large graphs open at community level and expand a community on demand', async () => {
    const dir = join(work, 'synth');
    const synth = await writeSynthDir(dir, { nodes: 3000, edges: 8000, communities: 12 });
    const server = await serveViewer({ dir, port: 0, host: '127.0.0.1', bundleDir: await ensureBundle() });
    try {
      const { page, errors } = await open(browser, `${server.url}?level=community`);
      expect(await hook(page, (h) => ({ mode: h.mode, counts: h.counts() }))).toEqual({ mode: 'community', counts: { display: 12, visible: 12, total: 3000 } });
      // The community view paints from the server's summary; every node follows.
      await page.waitForFunction(() => (window as unknown as { __papergraph: { complete(): boolean } }).__papergraph.complete());
      expect(await page.locator('#banner').textContent()).toContain('3,000 nodes');
      // The banner is a strip under the graph, never over it (over it, it hid the nodes near the bottom), and the
      // canvas fills exactly the rest.
      const [stageBox, bannerBox, canvasBox] = await Promise.all(['#stage', '#banner', '#stage canvas'].map((sel) => page.locator(sel).first().boundingBox()));
      expect(bannerBox!.height).toBeGreaterThan(0);
      expect(bannerBox!.y).toBeGreaterThanOrEqual(stageBox!.y + stageBox!.height - 0.5);
      expect(canvasBox!.height).toBeCloseTo(stageBox!.height, 0);
      const entity = synth.graph.nodes.find((n) => n.attributes?.type === 'method');
      if (!entity?.attributes) throw new Error('no method in synthetic graph');
      const members = synth.graph.nodes.filter((n) => n.attributes?.community === entity.attributes?.community).length;
      await page.fill('#search', entity.attributes.label);
      await page.keyboard.press('Enter');
      const after = await hook(page, (h) => ({ state: h.state(), counts: h.counts() }));
      expect(after.state.selected).toBe(entity.key);
      expect(after.state.expanded).toEqual([entity.attributes.community]);
      expect(after.counts.display).toBe(12 - 1 + members);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('shows Topic nodes: their own shape in the filters, a topic panel with its papers, and a type filter that hides exactly them', async () => {
    const topics = seed.nodes.filter((n) => n.attributes?.type === 'topic');
    expect(topics.length).toBeGreaterThan(50);
    const target = [...topics].sort((a, b) => seed.edges.filter((e) => e.target === b.key).length - seed.edges.filter((e) => e.target === a.key).length)[0]!;
    const papers = seed.edges.filter((e) => e.target === target.key && e.attributes?.type === 'ABOUT').length;
    const { page, errors } = await open(browser, seedServer.url);
    await searchAndPick(page, target.attributes!.label, target.key);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(target.attributes!.label);
    expect(await page.locator('#panel .badge-topic').textContent()).toBe('Topic');
    expect(await page.locator('#panel .list.papers li').count()).toBe(Math.min(papers, 50));
    // A paper's panel lists its topics and its similar papers.
    const paper = seed.edges.find((e) => e.target === target.key)!.source;
    await page.locator(`#panel .list.papers button[data-node=${JSON.stringify(paper)}]`).click();
    await expect.poll(() => page.locator('#panel .chips.topics button').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#panel .list.similar li').count()).toBeGreaterThan(0);
    await page.locator('#filters input[data-type="topic"]').uncheck();
    const shown = await page.evaluate((keys) => keys.map((k) => (window as unknown as { __papergraph: Hook }).__papergraph.isVisible(k)), topics.map((t) => t.key));
    expect(shown.every((v) => !v)).toBe(true);
    expect((await hook(page, (h) => h.counts())).visible).toBe(seed.nodes.length - topics.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the status line counts the edges the filters leave visible', async () => {
    const { page, errors } = await open(browser, seedServer.url);
    const type = new Map(seed.nodes.map((n) => [n.key, n.attributes?.type]));
    const number = async () => Number(((await page.locator('#status').textContent()) ?? '').match(/([\d,]+) of [\d,]+ edges/)?.[1]?.replace(/,/g, ''));
    expect(await number()).toBe(seed.edges.length);
    await page.locator('#filters input[data-type="topic"]').uncheck();
    const expected = seed.edges.filter((e) => type.get(e.source) !== 'topic' && type.get(e.target) !== 'topic').length;
    await expect.poll(number).toBe(expected);
    expect((await hook(page, (h) => h.edges())).visible).toBe(expected);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Back returns to the previous view: each selection is a history entry', async () => {
    const [a, b] = seed.nodes.filter((n) => n.attributes?.type === 'benchmark').slice(0, 2);
    if (!a?.attributes || !b?.attributes) throw new Error('seed graph needs two benchmarks');
    const { page, errors } = await open(browser, seedServer.url);
    await searchAndPick(page, a.attributes.label, a.key);
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(a.key);
    await searchAndPick(page, b.attributes.label, b.key);
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(b.key);
    await page.goBack();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(a.key);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(a.attributes.label);
    await page.goBack();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(null);
    expect(await page.locator('#panel').isHidden()).toBe(true);
    await page.goForward();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(a.key);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('search finds Author nodes and name-only authors (their papers highlighted and listed) and paper ids, and says when nothing matches', async () => {
    // The seed pages carry no authors: a synthetic graph does (Author nodes for people of two papers or more, and a
    // guest of one paper on each paper, known by name only).
    const dir = join(work, 'synth-authors');
    const synth = await writeSynthDir(dir, { nodes: 800, edges: 2400, communities: 6 });
    const server = await serveViewer({ dir, port: 0, host: '127.0.0.1', bundleDir: await ensureBundle() });
    try {
      const authors = synth.graph.nodes.filter((n) => n.attributes?.type === 'author');
      const top = [...authors].sort((x, y) => (y.attributes as { papers: number }).papers - (x.attributes as { papers: number }).papers || (x.key < y.key ? -1 : 1))[0]!;
      const topAttrs = top.attributes as { label: string; papers: number; aliases: string[]; firstSeen: string; lastSeen: string };
      const { page, errors } = await open(browser, server.url);
      // Authors start hidden: their filter box is unchecked and no Author node is drawn.
      expect(await page.locator('#filters input[data-type="author"]').isChecked()).toBe(false);
      expect((await hook(page, (h) => h.counts())).visible).toBe(synth.graph.nodes.length - authors.length);
      // An Author node by name: selected, drawn although its type is hidden, its panel from the node.
      await searchAndPick(page, topAttrs.label, top.key);
      await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(top.key);
      expect(await hook(page, (h) => h.state().author)).toBe(null);
      await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(topAttrs.label);
      expect(await page.locator('#panel .badge-author').count()).toBe(1);
      const years = [topAttrs.firstSeen, topAttrs.lastSeen].map((d) => d.slice(0, 4));
      expect(await page.locator('#panel .meta').textContent()).toContain(`${topAttrs.papers} papers · active ${years[0] === years[1] ? years[0] : years.join('–')}`);
      expect(await page.locator('#panel .list.papers li').count()).toBe(Math.min(topAttrs.papers, 50));
      expect(await page.locator('#panel .chips.co-authors .chip').count()).toBeGreaterThan(0);
      expect(await page.evaluate((k) => (window as unknown as { __papergraph: Hook }).__papergraph.isVisible(k), top.key)).toBe(true);
      expect((await hook(page, (h) => h.counts())).visible).toBe(synth.graph.nodes.length - authors.length + 1);
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`sel=${encodeURIComponent(top.key).replace(/%20/g, '+')}`);
      // A name-only author: their papers highlighted and listed.
      const guest = synth.graph.nodes.find((n) => n.attributes?.type === 'paper')!;
      const name = (guest.attributes as { authors: string[] }).authors.at(-1)!;
      expect(name).toMatch(/^Guest /);
      await page.fill('#search', name);
      const hit = page.locator(`#search-results li[data-author=${JSON.stringify(name)}]`);
      await hit.waitFor();
      await hit.click();
      await expect.poll(() => hook(page, (h) => h.state().author)).toBe(name);
      await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(name);
      expect(await page.locator('#panel .list.papers li').count()).toBe(1);
      await expect.poll(() => page.evaluate(() => location.hash)).toContain('au=');
      // Back leaves the author view for the Author node, and Back again closes it.
      await page.goBack();
      await expect.poll(() => hook(page, (h) => h.state())).toMatchObject({ author: null, selected: top.key });
      await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(topAttrs.label);
      await page.goBack();
      await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(null);
      expect(await page.evaluate((k) => (window as unknown as { __papergraph: Hook }).__papergraph.isVisible(k), top.key)).toBe(false);
      // A paper by its id.
      const paper = synth.graph.nodes.find((n) => n.attributes?.type === 'paper')!;
      await searchAndPick(page, paper.key.slice(6), paper.key);
      await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(paper.key);
      // Nothing: a message, no options.
      await page.fill('#search', 'qqzzxv no such thing');
      await expect.poll(() => page.locator('#search-results .no-results').textContent()).toBe('No results for “qqzzxv no such thing”');
      expect(await page.locator('#search-results li[role=option]').count()).toBe(0);
      expect(await page.locator('#search-results').isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('an Author node (fixture): reached from a paper\'s author name, its panel as text, its type toggled, the URL and Back keep both', async () => {
    const key = 'author:i mallory i';
    const { page, errors, dialogs } = await open(browser, `${xssServer.url}#sel=${encodeURIComponent('t:xss')}`);
    const visible = () => page.evaluate((k) => (window as unknown as { __papergraph: Hook }).__papergraph.isVisible(k), key);
    const box = page.locator('#filters input[data-type="author"]');
    // The link's selection is where the camera goes: the paper ends up in the middle of the stage.
    const stage = (await page.locator('#stage').boundingBox())!;
    await expect.poll(async () => {
      const p = await hook(page, (h) => h.viewport('t:xss'));
      return p !== null && Math.abs(p.x - stage.width / 2) < 5 && Math.abs(p.y - stage.height / 2) < 5;
    }).toBe(true);
    // Hidden at first: the type filter lists it unchecked, with its shape.
    expect(await box.isChecked()).toBe(false);
    expect(await page.locator('#filters label:has(input[data-type="author"]) .shape').textContent()).toBe('◎');
    expect(await visible()).toBe(false);
    // The type toggles: shown, and the URL says so (ht=none: nothing hidden); filters replace the history entry.
    await box.check();
    await expect.poll(visible).toBe(true);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('ht=none');
    // The paper's author name (spelled '<i>Mallory</i>') leads to the Author node.
    const link = page.locator(`#panel .authors button[data-node=${JSON.stringify(key)}]`);
    expect(await link.textContent()).toBe('<i>Mallory</i>');
    await link.click();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(key);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe('<i>Mallory</i>');
    expect(await page.locator('#panel .meta').textContent()).toBe('Author 2 papers · active 2025');
    expect(await page.locator('#panel .aliases').textContent()).toBe('<I>MALLORY</I>');
    expect(await page.locator('#panel .list.papers li').allTextContents()).toEqual(['A benign paper on MMLU', 'Hostile <img src=x onerror=alert(1)> paper']);
    // Its co-author: Alice, who has one paper and so no node, is a name.
    expect(await page.locator('#panel .co-authors button[data-author="Alice"]').count()).toBe(1);
    // Back: the paper again, authors still shown (the filter rode along in the entry); Forward: the author.
    await page.goBack();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe('t:xss');
    expect(await box.isChecked()).toBe(true);
    expect(await visible()).toBe(true);
    await page.goForward();
    await expect.poll(() => hook(page, (h) => h.state().selected)).toBe(key);
    // Unchecked again: hidden, except while selected (what is chosen is drawn); the URL drops `ht`.
    await box.uncheck();
    await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('ht=');
    expect(await visible()).toBe(true);
    await page.locator('#panel .close').click();
    await expect.poll(visible).toBe(false);
    // A reload keeps the view.
    await box.check();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('ht=none');
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __papergraph?: unknown }).__papergraph);
    expect(await page.locator('#filters input[data-type="author"]').isChecked()).toBe(true);
    expect(await visible()).toBe(true);
    const injected = await page.evaluate(() => document.querySelectorAll('#app img, #app i, #app script').length);
    expect(injected).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  /**
   * The `count` largest communities as the viewer draws them: #rrggbb, every pair ΔE*ab ≥ 25 apart, the legend's
   * swatches in that order (largest first), and the same colour on the graph's nodes. Returns how many it checked.
   */
  async function expectDistinctColours(page: Page, graph: Serialized, count: number): Promise<number> {
    const colours = await hook(page, (h) => h.communityColors());
    expect(colours.length).toBeGreaterThanOrEqual(count);
    const top = colours.slice(0, count);
    for (const c of top) expect(c.color).toMatch(/^#[0-9a-f]{6}$/);
    for (let i = 0; i < top.length; i++) {
      for (let j = i + 1; j < top.length; j++) expect(colorDistance(top[i]!.color, top[j]!.color), `${top[i]!.color} vs ${top[j]!.color}`).toBeGreaterThanOrEqual(25);
    }
    const swatches = await page.$$eval('#legend .legend > li .swatch', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const hex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
    expect(swatches.slice(0, top.length).map(hex)).toEqual(top.map((c) => c.color));
    for (const c of top) expect(graph.nodes.find((n) => n.attributes?.community === c.id)?.attributes?.color).toBe(c.color);
    return top.length;
  }

  it('the 20 largest communities have distinct colours (hex, ΔE*ab ≥ 25 apart), as drawn in the legend and on the nodes', async () => {
    // A map with more communities than that (24), so exactly the 20 largest are checked …
    const dir = join(work, 'synth-colours');
    const synth = await writeSynthDir(dir, { nodes: 3000, edges: 8000, communities: 24 });
    const server = await serveViewer({ dir, port: 0, host: '127.0.0.1', bundleDir: await ensureBundle() });
    try {
      const { page, errors } = await open(browser, server.url);
      expect(await expectDistinctColours(page, synth.graph, 20)).toBe(20);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
    // … and the seed build's own map (colours as the pipeline writes them): its largest, up to 20. It lists a dozen
    // or more communities (their number moves with the extractor's model).
    const { page, errors } = await open(browser, seedServer.url);
    const listed = (await hook(page, (h) => h.communityColors())).length;
    expect(listed).toBeGreaterThanOrEqual(12);
    await expectDistinctColours(page, seed, Math.min(20, listed));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('labels never overlap, zoomed out or in', async () => {
    const { page, errors } = await open(browser, seedServer.url);
    const overlaps = (boxes: { x: number; y: number; w: number; h: number }[]) => boxes.flatMap((a, i) => boxes.slice(i + 1)
      .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => [a, b]));
    let boxes = await hook(page, (h) => h.labels());
    expect(boxes.length).toBeGreaterThan(10);
    expect(overlaps(boxes)).toEqual([]);
    // Zoom in on the map's biggest hub, where labels crowd (the middle of the map may fall between communities),
    // and read the labels once the zoom animation has settled.
    const stage = (await page.locator('#stage').boundingBox())!;
    const degree = new Map<string, number>();
    for (const e of seed.edges) for (const k of [e.source, e.target]) degree.set(k, (degree.get(k) ?? 0) + 1);
    const hub = [...degree].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    const where = async () => (await page.evaluate(`window.__papergraph.viewport(${JSON.stringify(hub)})`)) as { x: number; y: number } | null;
    const at = (await where())!;
    await page.mouse.move(stage.x + at.x, stage.y + at.y);
    // Sigma drops a wheel event that comes within a fifth of the zoom duration of the previous one in the same
    // direction, and zooms from wherever a running animation has got to: wheel events fired back to back land a
    // number of steps that depends on the machine's load. Wait for each step to settle (the camera stays where it
    // is between two reads) before the next, so the zoom is the same two steps (1.7× each) on every run.
    const camera = async () => JSON.stringify(await hook(page, (h) => h.camera()));
    const start = JSON.parse(await camera()).ratio as number;
    for (let k = 0; k < 2; k++) {
      const before = await camera();
      await page.mouse.wheel(0, -400);
      let last = before;
      await expect.poll(async () => {
        const now = await camera();
        const settled = now !== before && now === last;
        last = now;
        return settled;
      }, { timeout: 15_000, interval: 400 }).toBe(true);
    }
    expect(JSON.parse(await camera()).ratio / start).toBeCloseTo(1 / 1.7 ** 2, 6);
    await expect.poll(async () => (boxes = await hook(page, (h) => h.labels())).length, { timeout: 10_000 }).toBeGreaterThan(5);
    expect(overlaps(boxes)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('community level: a click expands a community into a spread-out sub-map, Back collapses it again', async () => {
    const dir = join(work, 'synth-map');
    const synth = await writeSynthDir(dir, { nodes: 3000, edges: 8000, communities: 12 });
    const server = await serveViewer({ dir, port: 0, host: '127.0.0.1', bundleDir: await ensureBundle() });
    try {
      const { page, errors } = await open(browser, `${server.url}?level=community`);
      await ready(page);
      const id = 0;
      const point = await hook(page, (h) => h.viewport('community:0'));
      const stage = (await page.locator('#stage').boundingBox())!;
      await page.mouse.click(stage.x + point!.x, stage.y + point!.y);
      await expect.poll(() => hook(page, (h) => h.state().expanded)).toEqual([id]);
      // Its panel names the other research lines of its area (Community.parent), and only those.
      const kin = synth.communities.communities.filter((c) => c.parent === 0 && c.id !== id);
      expect(kin.length).toBe(2);
      const lines = await page.locator('#panel .area-lines li').allTextContents();
      expect(lines).toEqual(kin.map((c) => `${c.label} · ${c.size.toLocaleString('en-US')} nodes`));
      await expect.poll(() => page.locator('#panel h3').allTextContents()).toContain('Same research area (2 more lines)');
      // Its people (Community.people), each a link to the Author node.
      const people = synth.communities.communities.find((c) => c.id === id)!.people!;
      expect(people.length).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#panel .chips.people button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-node')))).toEqual(people.map((p) => p.key));
      const members = synth.graph.nodes.filter((n) => n.attributes?.community === id).map((n) => n.key);
      const pos = await page.evaluate((keys) => (window as unknown as { __papergraph: Hook }).__papergraph.positions(keys), members);
      expect(pos.every((p) => p !== null)).toBe(true);
      const place = synth.communities.communities.find((c) => c.id === id)!;
      const dist = pos.map((p) => Math.hypot(p!.x - place.x!, p!.y - place.y!)).sort((a, b) => a - b);
      // Around the community's place, and spread (not one blob): half the nodes are more than a third of the way out.
      expect(dist[Math.floor(0.95 * (dist.length - 1))]).toBeLessThan(Math.sqrt(members.length) * 3 * 1.01);
      expect(dist[Math.floor(dist.length / 2)]).toBeGreaterThan(Math.sqrt(members.length));
      await page.goBack();
      await expect.poll(() => hook(page, (h) => h.state().expanded)).toEqual([]);
      expect((await hook(page, (h) => h.counts())).display).toBe(12);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
