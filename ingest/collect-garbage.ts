// A full garbage collection on demand, for the points where a stage has just dropped big structures: V8 collects
// lazily, letting the heap (and the memory outside it, typed arrays) grow to a multiple of what is live.

/** Collects the calling thread's heap now (a no-op where the runtime offers no `gc`). */
export const collectGarbage: () => void = await (async () => {
  try {
    const [{ setFlagsFromString }, { runInNewContext }] = await Promise.all([import('node:v8'), import('node:vm')]);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return () => void (gc as () => void)();
  } catch {
    // Not available in this runtime: V8 collects on its own schedule.
  }
  return () => {};
})();
