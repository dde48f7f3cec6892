// Reading many files on every core. The files are cut into contiguous chunks; this thread and one
// worker thread per other core (running the same CLI script) take the next chunk whenever they are
// free, and the chunks' results are merged in the files' order, so the output is the one a single
// thread gives.
import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker, parentPort } from 'node:worker_threads';
import { Run, collect, type Options } from './run';
import { lookedAt, readDocument, readText, type TextResult } from './files';

/** From this many files a run is shared with worker threads: below it, starting one costs more than it saves. */
export const PARALLEL_FROM = 400;
/**
 * Chunks per thread: enough that a thread given slow files (a team's own shape) does not hold the others
 * up. At the end one thread waits for the other's last chunk: `lint` of 15,000 files took 2,690-2,750 ms
 * with 32 (about 470 files a chunk) against 2,800-2,860 with 8; `actions` was the same with either.
 */
const CHUNKS_PER_THREAD = 32;

/** What every chunk of a run shares: the options and each folder's team config, read once by the main thread. */
interface Shared {
  readonly options: Options;
  readonly cwd: string;
  readonly today: string;
  readonly configs: ReturnType<Run['configsFor']>;
}

/** A chunk's result: the state a run over its files would have, and what it wrote to stderr. */
interface ChunkResult {
  readonly err: readonly string[];
  readonly status: number;
  readonly documents: number;
  readonly failedReads: number;
  readonly configFiles: readonly string[];
  readonly findings: Run['findings'];
  readonly items: Run['items'];
  /** `actions --format json`: the chunk's items as printed (`actionsJsonPart`), instead of `items`. */
  readonly actionsJson: string | undefined;
  readonly followUps: Run['followUps'];
  readonly entries: Run['entries'];
  readonly summaries: Run['summaries'];
}

type Job = { readonly index: number; readonly files: readonly string[] } | null;

/** Threads a run uses when it shares its files, this one included: one per core, at most 8. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), 8);
}

/**
 * Worker threads started while the files are still being listed: each loads the CLI (about 100 ms
 * when both cores are busy) meanwhile, instead of after. `collectInWorkers` takes them; a run that
 * turns out too small for them closes them unused.
 */
export class WorkerPool {
  readonly #workers: Worker[];
  /** The workers that have loaded the CLI and listen (they say `READY`). */
  readonly #ready = new WeakSet<Worker>();

  /** Threads a run has with this pool: its workers and the thread that made it. */
  readonly threads: number;

  constructor(script: string, count: number, command: Options['command']) {
    this.threads = count + 1;
    // The young generation's size, by the peak memory of a run over 21,000 files (every thread's heap counts):
    // `lint`, a parse tree per file, peaks at 183-190 MB with 8 MB and 198-200 MB with 16; `actions`, which
    // keeps only items, at 199-205 MB with 8 and 183-184 MB with 16. The time is the same either way.
    const youngMb = command === 'lint' ? 8 : 16;
    this.#workers = Array.from({ length: count }, () => {
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: youngMb } });
      // A worker that fails is seen by its exit (its chunks are then read by this thread); without a
      // listener an 'error' event would throw here.
      worker.on('error', () => undefined);
      worker.on('message', (message) => {
        if (message === READY) this.#ready.add(worker);
      });
      return worker;
    });
  }

  /** Whether a worker has loaded the CLI and listens. */
  isReady(worker: Worker): boolean {
    return this.#ready.has(worker);
  }

  /** The workers, each once. */
  take(): Worker[] {
    return this.#workers.splice(0);
  }

  /** Stops the workers nobody took. */
  close(): void {
    for (const worker of this.take()) void worker.terminate();
  }
}

/**
 * Collects `files` into `run` over this thread and the pool's workers (one per other core). Each folder's
 * team config is read here first, so its problems are reported once and every chunk uses the same.
 */
export async function collectInWorkers(
  run: Run,
  files: readonly string[],
  today: string,
  pool: WorkerPool,
  onWorkerChunk: () => void = () => undefined,
): Promise<void> {
  const workers = pool.take();
  if (workers.length === 0) return collect(run, files, today);
  // `list` reads no team config: looking for them would report problems a single thread does not.
  const configs = run.options.command === 'list' ? { folders: [], fixed: undefined } : run.configsFor(files);
  const shared: Shared = { options: run.options, cwd: run.cwd, today, configs };
  const size = Math.ceil(files.length / ((workers.length + 1) * CHUNKS_PER_THREAD));
  const chunks = Array.from({ length: Math.ceil(files.length / size) }, (_, i) => files.slice(i * size, (i + 1) * size));
  // Results are merged in the files' order as soon as those before them are, and let go.
  const results: (ChunkResult | undefined)[] = [];
  let merged = 0;
  const arrived = (index: number, result: ChunkResult): void => {
    results[index] = result;
    for (let ready = results[merged]; ready; ready = results[merged]) {
      merge(run, ready);
      results[merged++] = undefined;
    }
  };
  let next = 0;
  const take = (): Job => (next < chunks.length ? { index: next, files: chunks[next++] } : null);
  const fallback = (index: number): void => arrived(index, collectChunk(shared, chunks[index], run.read));
  const working = workers.map((worker) => feedWorker(worker, shared, take, (index, result) => (arrived(index, result), onWorkerChunk()), fallback));
  // This thread takes chunks too, and lets the workers' messages in between two of them.
  for (let job = take(); job; job = take()) {
    arrived(job.index, collectChunk(shared, job.files, run.read));
    await nextTurn();
  }
  await Promise.all(working);
}

/**
 * Gives a worker the run's shared state, then keeps it two chunks ahead (it never waits for this
 * thread, busy with a chunk of its own, to hand it the next) until there are none; if it fails, its
 * chunks are read here instead.
 */
function feedWorker(
  worker: Worker,
  shared: Shared,
  take: () => Job,
  done: (index: number, result: ChunkResult) => void,
  fallback: (index: number) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const given = new Set<number>();
    const give = (): void => {
      const job = take();
      if (job) given.add(job.index);
      worker.postMessage(job);
    };
    worker.on('message', (message: { index: number; result: ChunkResult } | typeof READY) => {
      if (message === READY) return;
      const { index, result } = message;
      done(index, result);
      given.delete(index);
      give();
    });
    worker.once('exit', () => {
      for (const index of given) fallback(index); // it failed on these
      resolve();
    });
    if (worker.threadId < 0) {
      // It failed while it started: nothing to give it.
      resolve();
      return;
    }
    worker.postMessage({ shared });
    give();
    give();
  });
}

/** One chunk, read the way a whole run reads its files: in this thread or a worker. */
function collectChunk(shared: Shared, files: readonly string[], read: Run['read']): ChunkResult {
  const err: string[] = [];
  const run = new Run(shared.options, shared.cwd, (s) => err.push(s), read);
  run.seedConfigs(shared.configs);
  // `actions --format json` prints the items as they are: the chunk writes them here, in its thread,
  // and passes one string instead of thousands of objects to copy.
  const asJson = shared.options.command === 'actions' && shared.options.format === 'json';
  collect(run, files, shared.today, asJson);
  const { status, documents, failedReads, findings, followUps, entries, summaries } = run;
  const items = run.items;
  const actionsJson = asJson ? run.jsonParts.join(',\n') : undefined;
  return { err, status, documents, failedReads, configFiles: [...run.configFiles], findings, items, actionsJson, followUps, entries, summaries };
}

function merge(run: Run, result: ChunkResult): void {
  for (const line of result.err) run.err(line);
  if (result.status === 2 || (result.status === 1 && run.status === 0)) run.status = result.status;
  run.documents += result.documents;
  run.failedReads += result.failedReads;
  for (const file of result.configFiles) run.configFiles.add(file);
  for (const f of result.findings) run.findings.push(f);
  for (const item of result.items) run.items.push(item);
  if (result.actionsJson !== undefined) run.actionsJson?.part(result.actionsJson);
  for (const entry of result.followUps) run.followUps.push(entry);
  for (const entry of result.entries) run.entries.push(entry);
  for (const summary of result.summaries) run.summaries.push(summary);
}

/**
 * Commands that read little of each file (the fast reader, an item or an entry each): on two threads
 * one reads the files and this one reads the texts (see `collectFromReader`).
 */
const LIGHT: ReadonlySet<Options['command']> = new Set(['actions', 'list', 'report', 'followups', 'digest', 'search', 'related']);

/**
 * Whether a run over `threads` threads has one of them read the files for this one (`collectFromReader`)
 * rather than share them out in chunks (`collectInWorkers`). On two cores, over 10,000 post-mortems and
 * 5,000 pages: `actions` took 836-954 ms this way against 956-1,149 with two threads that both read and
 * parse (CPU 1.2-1.45 s against 1.75-1.8: each thread that parses compiles the reader's hot code and
 * collects its garbage); `digest` on one thread alone took as long as on two sharing chunks. `lint`
 * parses each file whole, and is faster shared out. More cores share chunks (not measured here).
 */
export function readsAside(command: Options['command'], threads: number): boolean {
  return threads === 2 && LIGHT.has(command);
}

/** Files a reader thread reads before it posts them; batches ahead of this thread, at most. */
const READ_BATCH = 32;
const READ_AHEAD = 8;
/** Files read from the end between two looks at the parent's messages (each about 30 µs). */
const BACK_BATCH = 16;
/** Files this thread reads itself at most while the reader starts (about 100 ms: 200 files' parsing). */
const READ_HERE_FIRST = 256;

/** A reader thread's batch: the texts of `files[start …]`, in order. */
interface ReadBatch {
  readonly start: number;
  readonly texts: readonly TextResult[];
}

/**
 * What a reader thread read from the end of the list while this thread had not yet asked for more:
 * the results of `files[back …]`, in order, each `NOT_A_POSTMORTEM` or a file that cannot be read.
 */
interface BackBatch {
  readonly back: number;
  readonly results: readonly TextResult[];
}

/** The reader's front has reached where its reading from the end stopped (`end`): it has sent everything. */
interface FrontEnd {
  readonly end: number;
}

/**
 * Collects `files` into `run` with a pool worker reading them (`readText`, a few batches ahead) while
 * this thread parses the texts in the files' order, as `collect` does. Until the worker has loaded the
 * CLI this thread reads the first files itself; if the worker fails, it reads those the worker had not
 * sent. While this thread is busy with what it has, the worker reads files from the end of the list
 * and takes the quick look at them (`lookedAt`): ordinary pages there cost this thread nothing when it
 * gets to them. `actions --format json` prints each batch's items as they come.
 */
export async function collectFromReader(
  run: Run,
  files: readonly string[],
  today: string,
  pool: WorkerPool,
  onWorkerChunk: (from?: 'back') => void = () => undefined,
  readAhead = READ_AHEAD,
): Promise<void> {
  const [worker, ...unused] = pool.take();
  for (const other of unused) void other.terminate();
  const asJson = run.actionsJson !== undefined;
  let next = 0;
  /** Collects the files from `next` to `end` (read here, or the `texts` the worker read); prints the items of `actions --format json`. */
  const collectTo = (end: number, texts?: readonly TextResult[]): void => {
    collect(run, files.slice(next, end), today, asJson, texts);
    if (run.jsonParts.length > 0) run.actionsJson?.part(run.jsonParts.splice(0).join(',\n'));
    next = end;
  };
  if (worker) {
    // Starting it takes about 100 ms: this thread is not idle meanwhile (up to `READ_HERE_FIRST` files).
    while (!pool.isReady(worker) && next < Math.min(files.length, READ_HERE_FIRST) && worker.threadId >= 0) {
      collectTo(Math.min(files.length, next + READ_BATCH));
      await nextTurn();
    }
  }
  // The worker starts after a batch this thread reads meanwhile (rather than wait for its first).
  const first = next + READ_BATCH;
  if (!worker || first >= files.length) {
    void worker?.terminate();
    return collectTo(files.length);
  }
  /** What the worker read from the end, last files first. */
  const backBatches: BackBatch[] = [];
  await new Promise<void>((resolve) => {
    let done = false;
    const finish = (): void => {
      done = true;
      resolve();
    };
    worker.on('message', (message: ReadBatch | BackBatch | FrontEnd | typeof READY) => {
      if (done || message === READY) return;
      if ('back' in message) {
        backBatches.push(message);
        onWorkerChunk('back');
        return;
      }
      if ('end' in message) {
        // Every file from here on was read from the end: collected in order. (Were any missing, which the
        // worker does not do, this thread would read them all again.)
        const texts = backBatches.reverse().flatMap((batch) => batch.results);
        const whole = message.end === next && texts.length === files.length - next;
        collectTo(files.length, whole ? texts : undefined);
        worker.postMessage(null);
        finish();
        return;
      }
      collectTo(message.start + message.texts.length, message.texts);
      onWorkerChunk();
      worker.postMessage({ more: 1 });
    });
    worker.once('exit', () => {
      if (done) return;
      // It failed: the files it did not send are read here.
      collectTo(files.length);
      finish();
    });
    if (worker.threadId < 0) {
      // It has failed already (its exit was before the listener): the rest is read here.
      collectTo(files.length);
      finish();
      return;
    }
    worker.postMessage({ read: { files, from: first, cwd: run.cwd, maxBytes: run.options.maxBytes, readAhead } });
    collectTo(first);
  });
}

/** What a worker says once it has loaded the CLI and listens. */
const READY = 'ready';

/**
 * The worker thread's side: take the run's shared state, then read each chunk it is given with it; or
 * read files for the parent (`collectFromReader`), a few batches ahead of it. Stop when given nothing.
 */
export function runWorkerBatch(): void {
  let shared: Shared | undefined;
  /**
   * The files being read for the parent: from `at` on in batches while it has credit, and from `back`
   * down (the files from `back` on are sent) while it has none, until a file there may be a post-mortem
   * (`backDone`: it is then read again in its turn; sending its text early would hold it in memory).
   */
  let reading:
    { files: readonly string[]; cwd: string; maxBytes: number; at: number; credit: number; back: number; backDone: boolean; ended: boolean } | undefined;
  let backScheduled = false;
  parentPort?.postMessage(READY);
  const pump = (): void => {
    for (; reading && reading.credit > 0 && reading.at < reading.back; reading.credit--) {
      const { files, cwd, maxBytes, at } = reading;
      const batch = files.slice(at, Math.min(at + READ_BATCH, reading.back));
      const texts = batch.map((file) => readText(file, cwd, undefined, maxBytes));
      reading.at += batch.length;
      parentPort?.postMessage({ start: at, texts } satisfies ReadBatch);
    }
    if (reading && !reading.ended && reading.at >= reading.back) {
      reading.ended = true;
      parentPort?.postMessage({ end: reading.back } satisfies FrontEnd);
    } else if (reading && reading.credit === 0 && !reading.backDone && !backScheduled) {
      backScheduled = true;
      setImmediate(readBack);
    }
  };
  /** A few files from the end, then back to the messages (a credit lets the front go on first). */
  const readBack = (): void => {
    backScheduled = false;
    if (!reading || reading.credit > 0 || reading.backDone || reading.ended) return;
    const { files, cwd, maxBytes } = reading;
    const results: TextResult[] = [];
    let from = reading.back;
    while (results.length < BACK_BATCH && from > reading.at) {
      const result = lookedAt(readText(files[from - 1], cwd, undefined, maxBytes));
      if (result.kind === 'text') {
        reading.backDone = true;
        break;
      }
      results.push(result);
      from--;
    }
    if (from <= reading.at) reading.backDone = true;
    if (results.length > 0) {
      reading.back = from;
      parentPort?.postMessage({ back: from, results: results.reverse() } satisfies BackBatch);
    }
    pump();
  };
  parentPort?.on(
    'message',
    (message: { shared: Shared } | { read: { files: string[]; from: number; cwd: string; maxBytes: number; readAhead: number } } | { more: number } | Job) => {
      if (message && 'shared' in message) shared = message.shared;
      else if (message && 'read' in message) {
        reading = { ...message.read, at: message.read.from, credit: message.read.readAhead, back: message.read.files.length, backDone: false, ended: false };
      } else if (message && 'more' in message) {
        if (reading) reading.credit += message.more;
      } else if (!message || !shared) {
        reading = undefined;
        parentPort?.close();
      } else parentPort?.postMessage({ index: message.index, result: collectChunk(shared, message.files, readDocument) });
      pump();
    },
  );
}
