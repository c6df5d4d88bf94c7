// Viewer entry: takes the data embedded by a static build (data.js) or fetches it from `papergraph view`, then starts the app.
import './style.css';
import { startApp, type DebugHook } from './app.ts';
import type { ViewerData } from './model.ts';
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

/** Served mode: `manifest.json` names the files the server has (no 404 probing, so no console noise). */
async function fetchData(): Promise<ViewerData> {
  const manifest = (await (await fetch('manifest.json')).json()) as { graph: string; communities?: string; graphml?: string; gexf?: string };
  const [graph, communities] = await Promise.all([
    fetch(manifest.graph).then((r) => r.json()),
    manifest.communities ? fetch(manifest.communities).then((r) => r.json()) : Promise.resolve(null),
  ]);
  return { graph, communities, files: { graphml: manifest.graphml, gexf: manifest.gexf, json: manifest.graph } };
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
    const data = window.__PAPERGRAPH_DATA__ ?? (await fetchData());
    performance.mark('pg:data');
    window.__papergraph = startApp(root, data, settingsFromQuery(location.search));
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
