// papergraph view [DIR]: serves the Sigma viewer on DIR's graph files at http://HOST:PORT, prints the URL, and runs
// until Ctrl-C (SIGINT) or SIGTERM, which stop the server and say so.
import type { Command } from 'commander';
import { OptionError } from '../ingest/errors.ts';
import { CliError, usageError } from './errors.ts';
import { ViewerBuildError } from '../viewer/build.ts';
import { SERVE_DEFAULTS, serveViewer, type RunningViewer } from '../viewer/serve.ts';

export function registerView(program: Command): void {
  program
    .command('view')
    .description('serve the interactive viewer for a built graph directory (until Ctrl-C)')
    .argument('[dir]', 'output directory of `papergraph build`', SERVE_DEFAULTS.dir)
    .option('--port <n>', 'port to listen on (0 = any free port)', String(SERVE_DEFAULTS.port))
    .option('--host <host>', 'address to bind; requests must name localhost, an IP address or this host', SERVE_DEFAULTS.host)
    .action(async (dir: string, opts: { port: string; host: string }) => {
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) throw usageError(`view: invalid --port "${opts.port}", expecting an integer in 0..65535`);
      if (process.stderr.isTTY) process.stderr.write('preparing the viewer…\n');
      const warn = (message: string): void => { process.stderr.write(`${message}\n`); };
      // Listen for Ctrl-C from the start: a signal while the bundle builds or the server binds must stop it too.
      // A second one falls through to Node's default (exit at once).
      let signal: NodeJS.Signals | undefined;
      let wake = (): void => {};
      const onSignal = (s: NodeJS.Signals): void => { signal = s; wake(); };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let viewer: RunningViewer;
      try {
        viewer = await serveViewer({ dir, port, host: opts.host, onWarning: warn });
      } catch (err) {
        if (err instanceof ViewerBuildError) throw new CliError(err.code, err.message, err.code === 'usage' ? 2 : 1);
        if (err instanceof OptionError) throw usageError(err.message);
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new CliError('port-in-use', `view: port ${port} is in use (try --port 0)`);
        if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') throw new CliError('bad-host', `view: cannot bind ${opts.host}`);
        if (e.code === 'EACCES') throw new CliError('port-denied', `view: not allowed to listen on port ${port} (ports below 1024 need privileges; try --port 0)`);
        throw err;
      }
      for (const r of viewer.refused) warn(`view: not serving ${r.reason}`);
      if (!signal) process.stdout.write(`papergraph viewer: ${viewer.url}\n`);
      if (!signal) await new Promise<void>((done) => { wake = done; });
      await viewer.close();
      process.stderr.write(`papergraph viewer: stopped (${signal})\n`);
    });
}
