// papergraph view: (being written).
import type { Command } from 'commander';

export function registerView(program: Command): void {
  program.command('view').description('(being written)');
}
