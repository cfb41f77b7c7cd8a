/**
 * The fake OpenRouter on a worker thread: it stands for the network, so its pacing timers and its
 * JSON must not share an event loop with the core being measured. A thread rather than a child
 * process, so it is not matched by process-name clean-ups other tools run on the machine.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface FakeProcess {
  baseUrl: string;
  close(): Promise<void>;
}

export async function spawnFake(): Promise<FakeProcess> {
  // Loader hooks do not reach worker threads: the worker registers tsx itself, then loads the entry.
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(require('node:worker_threads').workerData);`;
  const worker = new Worker(bootstrap, { eval: true, workerData: resolve(__dirname, 'fake-worker.ts') });
  let closing = false;
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake OpenRouter did not start within 30 s')), 30_000);
    worker.once('message', (message: { baseUrl: string }) => {
      clearTimeout(timer);
      resolveUrl(message.baseUrl);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  worker.on('error', (e) =>
    process.stderr.write(`render bench: the fake OpenRouter failed: ${e.stack ?? e.message}\n`),
  );
  worker.on('exit', (code) => {
    if (!closing) process.stderr.write(`render bench: the fake OpenRouter stopped unexpectedly (exit ${code})\n`);
  });
  return {
    baseUrl,
    close: async () => {
      closing = true;
      worker.postMessage('close');
      await new Promise<void>((done) => {
        const timer = setTimeout(() => void worker.terminate().then(() => done()), 5000);
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
    },
  };
}
