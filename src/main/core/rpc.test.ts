import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { createCloseHooks, dispatch, type CallContext, type Handlers } from './rpc';

const ctx: CallContext = { emit: () => true, onClose: () => () => {} };
const handlers = {
  'settings.update': (patch: unknown) => ({ theme: 'dark', baseUrl: '', patch }),
  'key.status': () => {
    throw new Error('secret detail from deep inside');
  },
  'key.delete': () => {
    throw new AppError('keychain_unavailable', 'No keychain: the key is kept in memory.');
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('shows our own validation sentences as they are, and names the field for generic ones', async () => {
    const own = await dispatch(handlers, 'settings.update', { baseUrl: 'http://example.com/api/v1' }, ctx);
    expect(own).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!own.ok) expect(own.error.message).toMatch(/^Plain http:\/\//);
    const generic = await dispatch(handlers, 'settings.update', { theme: 'neon' }, ctx);
    if (!generic.ok) expect(generic.error.message).toMatch(/^theme: /);
    expect(generic.ok).toBe(false);
  });

  it('never leaks an unexpected exception; AppErrors keep their code and message', async () => {
    const crash = await dispatch(handlers, 'key.status', {}, ctx);
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!crash.ok) expect(crash.error.message).not.toContain('secret detail');
    const known = await dispatch(handlers, 'key.delete', {}, ctx);
    expect(known).toEqual({
      ok: false,
      error: { code: 'keychain_unavailable', message: 'No keychain: the key is kept in memory.' },
    });
  });
});

describe('createCloseHooks', () => {
  it('runs every hook once when closed, skips removed ones, and keeps going past a failing one', async () => {
    const errors: unknown[] = [];
    const hooks = createCloseHooks((e) => errors.push(e));
    const ran: string[] = [];
    hooks.onClose(() => {
      throw new Error('boom');
    });
    hooks.onClose(() => ran.push('a'));
    const remove = hooks.onClose(() => ran.push('removed'));
    remove();
    hooks.close();
    hooks.close();
    expect(ran).toEqual(['a']);
    expect(errors).toHaveLength(1);
    expect(hooks.closed).toBe(true);

    // Added after closing: still runs, so a stream started late is still stopped.
    hooks.onClose(() => ran.push('late'));
    await Promise.resolve();
    expect(ran).toEqual(['a', 'late']);
  });
});
