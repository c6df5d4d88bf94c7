// Worker entry: workers do not inherit tsx's loader hooks, so register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./restart-worker.ts');
