// papergraph view [DIR]: serves the Sigma viewer on DIR's graph files at http://HOST:PORT and prints the URL.
import type { Command } from 'commander';
import { CliError, usageError } from './errors.ts';
import { ViewerBuildError } from '../viewer/build.ts';
import { SERVE_DEFAULTS, serveViewer } from '../viewer/serve.ts';

export function registerView(program: Command): void {
  program
    .command('view')
    .description('serve the interactive viewer for a built graph directory')
    .argument('[dir]', 'output directory of `papergraph build`', SERVE_DEFAULTS.dir)
    .option('--port <n>', 'port to listen on (0 = any free port)', String(SERVE_DEFAULTS.port))
    .option('--host <host>', 'address to bind', SERVE_DEFAULTS.host)
    .action(async (dir: string, opts: { port: string; host: string }) => {
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) throw usageError(`view: invalid --port "${opts.port}", expecting an integer in 0..65535`);
      if (process.stderr.isTTY) process.stderr.write('preparing the viewer…\n');
      let viewer;
      try {
        viewer = await serveViewer({ dir, port, host: opts.host });
      } catch (err) {
        if (err instanceof ViewerBuildError) throw new CliError(err.code, err.message, err.code === 'usage' ? 2 : 1);
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new CliError('port-in-use', `view: port ${port} is in use (try --port 0)`);
        if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new CliError('bad-host', `view: cannot bind ${opts.host}`);
        throw err;
      }
      process.stdout.write(`papergraph viewer: ${viewer.url}\n`);
      await new Promise<void>((done) => {
        const stop = (): void => { void viewer.close().then(done); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
