/** Worker entry of fake.ts: runs the fake OpenRouter until told to close. */
import { parentPort } from 'node:worker_threads';
import { startFakeOpenRouter } from '../../src/fake-openrouter/server';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('fake-worker.ts runs as a worker thread');
  // /generation answers at once: cost look-ups after a stream must not linger into the next one.
  const fake = await startFakeOpenRouter({ generationDelayMs: 0 });
  port.on('message', (message) => {
    if (message === 'close') void fake.close().then(() => port.close());
  });
  port.postMessage({ baseUrl: fake.baseUrl });
}

void main();
