#!/usr/bin/env node
// papergraph CLI launcher: registers tsx so the TypeScript sources run as they are, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../cli/index.ts');
