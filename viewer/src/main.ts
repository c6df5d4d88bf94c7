// Viewer entry: takes the data embedded by a static build (data.js) or fetches it from `papergraph view`, then starts the app.
import './style.css';
import { startApp, type DebugHook, type DeferredData } from './app.ts';
import type { GraphSummary, ViewerData } from './model.ts';
import { DEFAULT_SETTINGS, type ViewerSettings } from './settings.ts';

declare global {
  interface Window {
    /** Set by the static build's data.js (file:// pages cannot fetch). */
    __PAPERGRAPH_DATA__?: ViewerData;
    /** Read-only hook for tests and benchmarks. */
    __papergraph?: DebugHook;
    __papergraphError?: string;
  }
}

interface Manifest {
  graph: string;
  communities?: string;
  graphml?: string;
  gexf?: string;
  /** Node count and summary file, so a large graph can paint its communities before graph.json is parsed. */
  order?: number;
  summary?: string;
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

async function fetchData(manifest: Manifest): Promise<ViewerData> {
  const [graph, communities] = await Promise.all([
    getJson<ViewerData['graph']>(manifest.graph),
    manifest.communities ? getJson<ViewerData['communities']>(manifest.communities) : Promise.resolve(null),
  ]);
  return { graph, communities, files: filesOf(manifest) };
}

function filesOf(manifest: Manifest): ViewerData['files'] {
  return { graphml: manifest.graphml, gexf: manifest.gexf, json: manifest.graph };
}

/**
 * Static build: data.js already set the data. Served: `manifest.json` names the files the server has
 * (no 404 probing, so no console noise); graphs above the community threshold start from the summary.
 */
async function load(settings: ViewerSettings): Promise<ViewerData | DeferredData> {
  if (window.__PAPERGRAPH_DATA__) return window.__PAPERGRAPH_DATA__;
  const manifest = await getJson<Manifest>('manifest.json');
  if (manifest.summary && (manifest.order ?? 0) > settings.community.threshold) {
    const summary = await getJson<GraphSummary>(manifest.summary);
    return { summary, files: filesOf(manifest), data: fetchData(manifest) };
  }
  return fetchData(manifest);
}

/** `?level=community` opens any graph at community level, `?level=full` shows every node whatever the size. */
function settingsFromQuery(search: string): ViewerSettings {
  const level = new URLSearchParams(search).get('level');
  if (level !== 'community' && level !== 'full') return DEFAULT_SETTINGS;
  return { ...DEFAULT_SETTINGS, community: { ...DEFAULT_SETTINGS.community, threshold: level === 'community' ? 0 : Infinity } };
}

async function main(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('viewer: no #app element');
  try {
    performance.mark('pg:boot');
    const settings = settingsFromQuery(location.search);
    const data = await load(settings);
    performance.mark('pg:data');
    window.__papergraph = startApp(root, data, settings);
    document.body.dataset.ready = 'true';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    window.__papergraphError = message;
    const p = document.createElement('p');
    p.className = 'load-error';
    p.textContent = `Could not load the graph: ${message}`;
    root.appendChild(p);
    throw err;
  }
}

void main();
