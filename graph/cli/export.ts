// papergraph export: (being written).
import type { Command } from 'commander';

export function registerExport(program: Command): void {
  program.command('export').description('(being written)');
}
