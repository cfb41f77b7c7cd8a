import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installCrashHandlers, type ProcessEvents } from './crash';

function setup(shutdown: () => Promise<void>, limitMs = 1000) {
  const proc = new EventEmitter();
  const log = vi.fn();
  const exit = vi.fn();
  installCrashHandlers(proc as unknown as ProcessEvents, { log, shutdown, exit, limitMs });
  return { proc, log, exit };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('web host crash handlers', () => {
  it('logs an unhandled rejection with a clear line and keeps running', async () => {
    const shutdown = vi.fn(async () => {});
    const { proc, log, exit } = setup(shutdown);
    proc.emit('unhandledRejection', new Error('lost promise'));
    expect(log).toHaveBeenCalledWith('error', expect.stringMatching(/^unhandled promise rejection.*lost promise/s));
    await new Promise((r) => setTimeout(r, 20));
    expect(shutdown).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('on an uncaught exception: logs it, shuts down, then exits with 1', async () => {
    const order: string[] = [];
    const { proc, log, exit } = setup(async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push('shutdown');
    });
    exit.mockImplementation((code: number) => order.push(`exit ${code}`));
    proc.emit('uncaughtException', new Error('bad state'));
    expect(log).toHaveBeenCalledWith('error', expect.stringMatching(/^uncaught exception.*shutting down.*bad state/s));
    await until(() => exit.mock.calls.length > 0);
    expect(order).toEqual(['shutdown', 'exit 1']);
  });

  it('still exits with 1 when the shutdown fails or hangs', async () => {
    const failing = setup(() => Promise.reject(new Error('db locked')));
    failing.proc.emit('uncaughtException', new Error('first'));
    await until(() => failing.exit.mock.calls.length > 0);
    expect(failing.exit).toHaveBeenCalledWith(1);
    expect(failing.log).toHaveBeenCalledWith('error', expect.stringContaining('db locked'));

    const hanging = setup(() => new Promise<void>(() => {}), 30);
    hanging.proc.emit('uncaughtException', new Error('second'));
    await until(() => hanging.exit.mock.calls.length > 0);
    expect(hanging.exit).toHaveBeenCalledWith(1);
    expect(hanging.log).toHaveBeenCalledWith('error', expect.stringContaining('did not finish'));
  });

  it('a second uncaught exception during the shutdown exits at once', async () => {
    const shutdown = vi.fn(() => new Promise<void>(() => {}));
    const { proc, exit } = setup(shutdown, 100);
    proc.emit('uncaughtException', new Error('first'));
    proc.emit('uncaughtException', new Error('second'));
    expect(exit).toHaveBeenCalledWith(1);
    await Promise.resolve();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });
});
