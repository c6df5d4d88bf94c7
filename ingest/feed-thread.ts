// A worker thread fed in batches no faster than it takes them in, answering once at the end: the shape of the topic
// stage's text similarity (ingest/topics/thread.ts) and of the GraphML/GEXF writer (graph/export/xml-thread.ts).
// This side posts batches while fewer than `window` wait in the worker — a SharedArrayBuffer counter the worker adds
// to, read here without waiting, so a long synchronous loop can call `pump()` between its own steps — and posts the
// end as soon as the feed runs dry, so the worker's final work overlaps whatever this thread does next. The worker
// side (`serveFeed`) takes the batches in order, one at a time (a batch may wait on the disk), then answers.
import { parentPort, Worker, workerData, type Transferable } from 'node:worker_threads';

/** One batch and how many elements (papers, nodes, edges: units of progress) it carries. */
export interface FeedBatch<Batch> {
  batch: Batch;
  elements: number;
  /** Buffers moved to the worker rather than copied. */
  transfer?: Transferable[];
}

/** Why a worker gave no answer: what it threw (message, stack, the error's own fields) or how it ended. */
export interface FeedFailure {
  message: string;
  /** The worker's stack, when it threw. */
  stack?: string;
  /** The thrown error's own enumerable fields (`code`, `file`, …); `{ exitCode }` when the thread ended unanswered. */
  details: Readonly<Record<string, unknown>>;
}

export interface FeedThreadOptions<Job, Batch> {
  /** The worker's module (an .mjs entry that registers tsx, then imports a module calling `serveFeed`). */
  entry: URL;
  /** What the worker starts with (structured-cloned). */
  job: Job;
  /** The next batch; undefined once everything was sent. Called only while the worker has room. */
  next: () => FeedBatch<Batch> | undefined;
  /** Batches posted and not yet taken by the worker, at most: bounds the text copied and waiting at once. */
  window: number;
  /** The stage's own error for a worker that failed. */
  failure: (failure: FeedFailure) => Error;
}

/** What the worker receives: its job and the counter of batches it has taken (Int32 slot 0). */
export interface FeedWorkerData<Job> {
  job: Job;
  taken: SharedArrayBuffer;
}

/** A prestarted worker's first message is its start: its job and counter, as `workerData` gives them otherwise. */
export type FeedMessage<Batch> = { batch: Batch } | { end: true } | { start: FeedWorkerData<unknown> };
export type FeedReply<Answer> = { taken: number } | { answer: Answer } | { failed: FeedFailure };

/** A thrown value as data that crosses threads. */
function failureOf(err: unknown): FeedFailure {
  if (!(err instanceof Error)) return { message: String(err), details: {} };
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) details[key] = value;
  return { message: err.message, ...(err.stack !== undefined ? { stack: err.stack } : {}), details };
}

/** A worker started ahead of its job (`prestartFeedWorker`), and whether it died while waiting for it. */
interface Prestarted {
  worker: Worker;
  dead: boolean;
}

/** Prestarted workers not yet taken by a `FeedThread`, by entry. */
const prestarted = new Map<string, Prestarted>();

/**
 * Starts the worker of `entry` before its job is known, so its start-up — tsx, then the worker's modules: ~0.3–1 s of
 * CPU per worker (ACL build, loaded machine) — runs on a core that would otherwise wait (while this thread does a
 * stage's closing collection, say), not at the head of the work. The next `FeedThread` of `entry` takes it and posts
 * it the job; until then it does not keep the process alive. At most one waits per entry.
 */
export function prestartFeedWorker(entry: URL): void {
  const waiting = prestarted.get(entry.href);
  if (waiting && !waiting.dead) return;
  const p: Prestarted = { worker: new Worker(entry), dead: false };
  // A failure while it waits: the FeedThread that would take it starts a fresh worker (and reports its own failure).
  p.worker.on('error', () => (p.dead = true));
  p.worker.on('exit', () => (p.dead = true));
  p.worker.unref();
  prestarted.set(entry.href, p);
}

/** Ends the prestarted worker of `entry` if no FeedThread took it (the work it was started for ran without it). */
export async function releasePrestarted(entry: URL): Promise<void> {
  const waiting = prestarted.get(entry.href);
  prestarted.delete(entry.href);
  await waiting?.worker.terminate();
}

/** The live prestarted worker of `entry`, taken (a dead one is dropped). */
function takePrestarted(entry: URL): Worker | undefined {
  const waiting = prestarted.get(entry.href);
  prestarted.delete(entry.href);
  if (!waiting || waiting.dead) return undefined;
  waiting.worker.ref();
  return waiting.worker;
}

export class FeedThread<Job, Batch, Answer> {
  private readonly worker: Worker;
  /** Int32 slot 0: batches the worker has taken (it adds to it; this side reads it without waiting). */
  private readonly counter: Int32Array;
  /**
   * The worker's answer, in a box `result` empties as it hands the answer over: the promise stays reachable from the
   * worker's listeners for as long as this object is (its owner keeps it to close it, often until the stage's end),
   * and so would the answer — the topic similarity's BM25 rows, index and neighbours, kept through the graph stage
   * (12,000 ACL papers: 17 MB; ~90 MB for all 58,900), though only the SIMILAR_TO edges made from them are used.
   */
  private readonly answer: Promise<{ answer?: Answer }>;
  private batches = 0;
  private ended = false;
  /** Called whenever the worker has taken another batch (`result` waits on it for room). */
  private onTaken?: () => void;
  /** Elements sent so far (progress). */
  sent = 0;

  constructor(private readonly options: FeedThreadOptions<Job, Batch>) {
    if (!Number.isInteger(options.window) || options.window < 1) throw new RangeError(`FeedThread: invalid \`window\`, expecting an integer ≥ 1 (got ${options.window})`);
    const taken = new SharedArrayBuffer(4);
    this.counter = new Int32Array(taken);
    const start: FeedWorkerData<Job> = { job: options.job, taken };
    const warm = takePrestarted(options.entry);
    if (warm) warm.postMessage({ start } satisfies FeedMessage<Batch>);
    this.worker = warm ?? new Worker(options.entry, { workerData: start });
    this.answer = new Promise<{ answer?: Answer }>((resolve, reject) => {
      this.worker.on('message', (reply: FeedReply<Answer>) => {
        if ('taken' in reply) this.onTaken?.();
        else if ('answer' in reply) resolve({ answer: reply.answer });
        else reject(options.failure(reply.failed));
      });
      this.worker.on('error', (err) => reject(options.failure(failureOf(err))));
      this.worker.on('exit', (exitCode) => reject(options.failure({ message: `exited with code ${exitCode} before answering`, details: { exitCode } })));
    });
    // Awaited only once this thread's own work is done: a failure before then must not count as unhandled.
    this.answer.catch(() => undefined);
    this.pump();
  }

  /** Batches the worker has taken in (done with). */
  get taken(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Batches posted and not yet taken by the worker. */
  get waiting(): number {
    return this.batches - this.taken;
  }

  /** Whether every batch (and the end) was posted. */
  get done(): boolean {
    return this.ended;
  }

  /** Posts batches while the worker has room, and the end once the feed is dry; cheap, for calling often. */
  pump(): void {
    while (!this.ended && this.waiting < this.options.window) {
      const next = this.options.next();
      if (next === undefined) {
        this.worker.postMessage({ end: true } satisfies FeedMessage<Batch>);
        this.ended = true;
        return;
      }
      this.worker.postMessage({ batch: next.batch } satisfies FeedMessage<Batch>, next.transfer ?? []);
      this.batches++;
      this.sent += next.elements;
    }
  }

  /** Feeds the rest as the worker takes it in (never more than `window` waiting), then waits for its answer. */
  async result(onProgress?: (sent: number) => void): Promise<Answer> {
    const failed = new Promise<never>((_resolve, reject) => void this.answer.catch(reject));
    for (;;) {
      this.pump();
      onProgress?.(this.sent);
      if (this.ended) break;
      // Room again once the worker has taken another batch (or it failed).
      await Promise.race([new Promise<void>((resolve) => (this.onTaken = resolve)), failed]);
    }
    this.onTaken = undefined;
    const box = await this.answer;
    if (!('answer' in box)) throw new Error('FeedThread: result() was called twice');
    const { answer } = box;
    delete box.answer;
    return answer as Answer;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The worker's side of a feed: what it does with each batch, and its answer once the feed has ended. */
export interface FeedServer<Batch, Answer> {
  take(batch: Batch): void | Promise<void>;
  finish(): Answer | Promise<Answer>;
  /** Buffers of the answer to move rather than copy. */
  transfer?(answer: Answer): Transferable[];
  /** Clean-up after a failure (close files); its own errors are ignored. */
  abort?(): void | Promise<void>;
}

/**
 * Serves a `FeedThread` from inside its worker: `start` gets the job; each batch is taken in arrival order, one
 * at a time, and counted once taken; the answer (or what was thrown, by `start` too) goes back as one message.
 */
export function serveFeed<Job, Batch, Answer>(start: (job: Job) => FeedServer<Batch, Answer> | Promise<FeedServer<Batch, Answer>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveFeed runs on a worker thread');
  const queue: FeedMessage<Batch>[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (msg: FeedMessage<Batch>) => {
    queue.push(msg);
    wake?.();
  });
  const next = async (): Promise<FeedMessage<Batch>> => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift()!;
  };
  // A prestarted worker (`prestartFeedWorker`) has no workerData: its job is its first message.
  const started = async (): Promise<FeedWorkerData<Job>> => {
    if (workerData) return workerData as FeedWorkerData<Job>;
    const msg = await next();
    if (!('start' in msg)) throw new Error('serveFeed: a prestarted worker got a batch before its job');
    return msg.start as FeedWorkerData<Job>;
  };
  const run = async (): Promise<{ answer: Answer; transfer: Transferable[] }> => {
    const data = await started();
    const taken = new Int32Array(data.taken);
    const server = await start(data.job);
    try {
      for (let msg = await next(); !('end' in msg); msg = await next()) {
        if (!('batch' in msg)) throw new Error('serveFeed: a second start message');
        await server.take(msg.batch);
        port.postMessage({ taken: Atomics.add(taken, 0, 1) + 1 } satisfies FeedReply<Answer>);
      }
      const answer = await server.finish();
      return { answer, transfer: server.transfer?.(answer) ?? [] };
    } catch (err) {
      await Promise.resolve(server.abort?.()).catch(() => undefined);
      throw err;
    }
  };
  run().then(
    ({ answer, transfer }) => port.postMessage({ answer } satisfies FeedReply<Answer>, transfer),
    (err: unknown) => port.postMessage({ failed: failureOf(err) } satisfies FeedReply<Answer>),
  );
}
