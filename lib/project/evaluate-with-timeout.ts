import { Worker } from 'node:worker_threads';

/**
 * The watchdog thread: when the main thread has been inside one evaluation for longer than the timeout, it
 * asks V8 (through the inspector, which interrupts even a busy loop) to terminate the running JavaScript. The
 * main thread then regains control, and its own timer reports the file. Plain JavaScript, so it starts in
 * milliseconds without a TypeScript loader. State: [0] a sequence bumped at every start and end (-1: stop),
 * [1] 1 while an evaluation runs.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const { state, timeoutMs } = workerData;
const session = new Session();
session.connectToMainThread();
for (;;) {
  const seq = Atomics.load(state, 0);
  if (seq < 0) break;
  if (Atomics.load(state, 1) !== 1) { Atomics.wait(state, 0, seq); continue; }
  if (Atomics.wait(state, 0, seq, timeoutMs) === 'timed-out') {
    session.post('Runtime.terminateExecution', () => {});
    Atomics.wait(state, 0, seq);
  }
}
session.disconnect();
`;

/** What an evaluation that did not finish in time rejects with. */
export class EvaluationTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`did not finish within ${timeoutMs / 1000} s`);
  }
}

export interface Evaluator {
  /** Runs `load` (an import of user code); rejects with EvaluationTimeout when it takes too long. */
  evaluate<T>(load: () => Promise<T>): Promise<T>;
  close(): void;
}

/**
 * Evaluates user code with a time limit, in this thread (so modules and their types stay shared with the
 * generator): an endless synchronous loop is interrupted by the watchdog thread, a promise that never settles
 * by a timer. Without an inspector (a Node built without it) only the timer applies.
 */
export function evaluatorWithTimeout(timeoutMs: number): Evaluator {
  const state = new Int32Array(new SharedArrayBuffer(8));
  try {
    // The watchdog waits 0.5 s longer than the timer, so an asynchronous hang is the timer's alone.
    const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { state, timeoutMs: timeoutMs + 500 } });
    watchdog.unref();
    watchdog.on('error', () => undefined);
  } catch {
    // No worker threads or inspector: the timer alone catches a promise that never settles.
  }
  const bump = (running: 0 | 1): void => {
    Atomics.store(state, 1, running);
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  };
  return {
    async evaluate<T>(load: () => Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new EvaluationTimeout(timeoutMs)), timeoutMs);
      });
      bump(1);
      try {
        return await Promise.race([load(), timeout]);
      } finally {
        clearTimeout(timer);
        bump(0);
      }
    },
    close(): void {
      Atomics.store(state, 0, -1);
      Atomics.notify(state, 0);
    },
  };
}
