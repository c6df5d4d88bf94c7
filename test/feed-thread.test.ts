// FeedThread / serveFeed (ingest/feed-thread.ts), the bounded feed of the topic similarity and GraphML/GEXF worker
// threads: answers in input order, never more than `window` batches waiting in the worker, the end posted as soon
// as the feed is dry, and every way a worker can fail (a throw with fields, a throw at start, an exit with a code)
// reaching the caller as the stage's own error. The byte-identical outputs of the two real workers are checked in
// test/topics.test.ts and test/files.thread.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { PapergraphError } from '../ingest/errors.ts';
import { FeedThread, prestartFeedWorker, releasePrestarted, type FeedBatch, type FeedFailure } from '../ingest/feed-thread.ts';
import type { TestBatch, TestJob } from './fixtures/feed/worker.ts';

const ENTRY = new URL('./fixtures/feed/worker-entry.mjs', import.meta.url);

class FeedTestError extends PapergraphError<'worker-failed'> {
  constructor(readonly failure: FeedFailure) {
    super('worker-failed', `fixture worker failed: ${failure.message}`);
  }
}

type Answer = { joined: string; bytes: Uint8Array };
const threads: FeedThread<TestJob, TestBatch, Answer>[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

/** A thread fed `batches` batches of `size` numbers (0, 1, 2, …); counts the calls of `next`. */
function feed(job: TestJob, batches: number, window: number, size = 3): { thread: FeedThread<TestJob, TestBatch, Answer>; calls: () => number } {
  let calls = 0;
  let value = 0;
  const thread = new FeedThread<TestJob, TestBatch, Answer>({
    entry: ENTRY,
    job,
    window,
    next: (): FeedBatch<TestBatch> | undefined => {
      calls++;
      if (calls > batches) return undefined;
      return { batch: { values: Array.from({ length: size }, () => value++) }, elements: size };
    },
    failure: (f) => new FeedTestError(f),
  });
  threads.push(thread);
  return { thread, calls: () => calls };
}

const expected = (batches: number, size = 3): string =>
  Array.from({ length: batches }, (_, b) => Array.from({ length: size }, (_, k) => b * size + k).join(',')).join(';');

const until = async (done: () => boolean): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('FeedThread', () => {
  it.each([
    { batches: 0, window: 1 },
    { batches: 1, window: 1 },
    { batches: 25, window: 1 },
    { batches: 25, window: 4 },
    { batches: 3, window: 8 },
  ])('answers with every batch in order — $batches batches, window $window', async ({ batches, window }) => {
    const { thread } = feed({}, batches, window);
    const progress: number[] = [];
    const answer = await thread.result((sent) => progress.push(sent));
    expect(answer.joined).toBe(expected(batches));
    expect(thread.sent).toBe(batches * 3);
    expect(progress.at(-1)).toBe(batches * 3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('moves transferred buffers and the answer’s buffers instead of copying them', async () => {
    let n = 0;
    const sent: ArrayBuffer[] = [];
    const thread = new FeedThread<TestJob, TestBatch, Answer>({
      entry: ENTRY,
      job: {},
      window: 2,
      next: () => {
        if (n++ === 3) return undefined;
        const buffer = new ArrayBuffer(1000);
        sent.push(buffer);
        return { batch: { buffer }, elements: 1, transfer: [buffer] };
      },
      failure: (f) => new FeedTestError(f),
    });
    threads.push(thread);
    const answer = await thread.result();
    expect(new DataView(answer.bytes.buffer).getUint32(0)).toBe(3000);
    // Moved: this side's buffers are detached.
    expect(sent.map((b) => b.byteLength)).toEqual([0, 0, 0]);
  });

  it('keeps at most `window` batches waiting in a worker that does not take them', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const { thread, calls } = feed({ gate: gate.buffer as SharedArrayBuffer }, 10, 3);
    /** Lets the worker take its k-th batch, and waits until it has. */
    const release = async (k: number): Promise<void> => {
      Atomics.store(gate, 0, k);
      Atomics.notify(gate, 0);
      await until(() => thread.taken === k);
    };
    // The constructor filled the window, and pumping does not post more while nothing was taken.
    expect(calls()).toBe(3);
    for (let k = 0; k < 5; k++) thread.pump();
    expect(calls()).toBe(3);
    expect(thread.waiting).toBe(3);
    // One batch taken: room for exactly one more.
    await release(1);
    thread.pump();
    expect(calls()).toBe(4);
    expect(thread.waiting).toBe(3);
    // `result` goes on feeding only as the worker takes batches in: never more than 3 waiting.
    let maxWaiting = 0;
    const answer = thread.result(() => (maxWaiting = Math.max(maxWaiting, thread.waiting)));
    for (let k = 2; k <= 10; k++) {
      expect(calls()).toBeLessThanOrEqual(k + 3);
      await release(k);
    }
    expect((await answer).joined).toBe(expected(10));
    expect(maxWaiting).toBe(3);
    expect(thread.waiting).toBe(0);
  });

  it('posts the end as soon as the feed is dry: the worker finishes before the answer is asked for', async () => {
    const finished = new Int32Array(new SharedArrayBuffer(4));
    const { thread } = feed({ finished: finished.buffer as SharedArrayBuffer }, 4, 8);
    expect(thread.done).toBe(true);
    await until(() => Atomics.load(finished, 0) === 1);
    expect((await thread.result()).joined).toBe(expected(4));
  });

  it.each([
    { name: 'a throw in a batch', job: { throwAt: 2 } as TestJob, message: 'cannot handle batch in batch-2.txt', details: { code: 'fixture-failed', file: 'batch-2.txt' } },
    { name: 'a throw at start', job: { failStart: true } as TestJob, message: 'cannot handle batch in start.txt', details: { code: 'fixture-failed', file: 'start.txt' } },
    { name: 'an exit with a code', job: { exitAt: 1 } as TestJob, message: 'exited with code 3 before answering', details: { exitCode: 3 } },
  ])('rejects with the stage’s error on $name, with the worker’s fields', async ({ job, message, details }) => {
    const { thread } = feed(job, 6, 2);
    const err = await thread.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedTestError);
    expect((err as FeedTestError).code).toBe('worker-failed');
    expect((err as FeedTestError).failure.message).toBe(message);
    expect((err as FeedTestError).failure.details).toMatchObject(details);
  });

  it('a failure while this thread is busy elsewhere is not unhandled, and is reported when the answer is asked for', async () => {
    const { thread } = feed({ throwAt: 0 }, 2, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(thread.result()).rejects.toMatchObject({ code: 'worker-failed' });
  });

  it.each([
    { batches: 0, window: 1 },
    { batches: 25, window: 4 },
  ])('a prestarted worker takes its job as its first message and answers the same — $batches batches, window $window', async ({ batches, window }) => {
    prestartFeedWorker(ENTRY);
    // Loaded and waiting for its job before the thread exists.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { thread } = feed({}, batches, window);
    expect((await thread.result()).joined).toBe(expected(batches));
    // Taken: the next thread starts a worker of its own.
    const second = feed({}, 2, 1);
    expect((await second.thread.result()).joined).toBe(expected(2));
  });

  it('a prestarted worker reports a failure at start as the stage’s error', async () => {
    prestartFeedWorker(ENTRY);
    const { thread } = feed({ failStart: true }, 2, 1);
    await expect(thread.result()).rejects.toMatchObject({ code: 'worker-failed', failure: { message: 'cannot handle batch in start.txt' } });
  });

  it('a prestarted worker no thread takes is ended by releasePrestarted', async () => {
    prestartFeedWorker(ENTRY);
    prestartFeedWorker(ENTRY); // at most one waits per entry
    await releasePrestarted(ENTRY);
    await releasePrestarted(ENTRY);
    const { thread } = feed({}, 1, 1);
    expect((await thread.result()).joined).toBe(expected(1));
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses window %s', (window) => {
    expect(() => new FeedThread({ entry: ENTRY, job: {}, window, next: () => undefined, failure: (f) => new FeedTestError(f) })).toThrow(RangeError);
  });
});
