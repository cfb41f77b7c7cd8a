/**
 * The sandboxed preload: exposes window.routerdesk with two named functions and nothing else.
 * ipcRenderer itself never reaches the page, and listeners get payloads, never IPC events.
 *
 * Only types come from the contract: importing its runtime would pull zod into this bundle,
 * which a sandboxed preload must keep small and self-contained. The name tables below are
 * Records over CallName / EventName, so the compiler rejects a missing or unknown name, and
 * index.test.ts checks them and the channel format against the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallName, CallResult, EventName, PreloadBridge } from '@shared/contract';

const CALLS: Record<CallName, true> = {
  'app.info': true,
  'settings.get': true,
  'settings.update': true,
  'key.status': true,
  'key.set': true,
  'key.delete': true,
  'account.get': true,
  'catalog.list': true,
  'catalog.endpoints': true,
  'chat.start': true,
  'chat.cancel': true,
  'conversations.list': true,
  'conversations.create': true,
  'conversations.get': true,
  'conversations.update': true,
  'conversations.delete': true,
  'conversations.restore': true,
  'conversations.search': true,
  'conversations.export': true,
  'conversations.import': true,
  'presets.list': true,
  'presets.save': true,
  'presets.delete': true,
  'ledger.list': true,
  'ledger.get': true,
  'ledger.summary': true,
  'ledger.spendByDay': true,
};

const EVENTS: Record<EventName, true> = {
  'chat.delta': true,
  'chat.done': true,
  'chat.error': true,
  'ledger.changed': true,
  'conversations.changed': true,
  'message.changed': true,
};

const has = (table: object, name: unknown): boolean =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name);

export const bridge: PreloadBridge = Object.freeze({
  invoke(name: CallName, input: unknown): Promise<CallResult<unknown>> {
    if (!has(CALLS, name)) {
      return Promise.resolve({
        ok: false as const,
        error: { code: 'unknown_call' as const, message: `RouterDesk has no call named "${String(name)}".` },
      });
    }
    return ipcRenderer.invoke(`rd:call:${name}`, input) as Promise<CallResult<unknown>>;
  },

  subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
    if (!has(EVENTS, name)) throw new Error(`RouterDesk has no event named "${String(name)}".`);
    if (typeof listener !== 'function') throw new Error('subscribe needs a listener function.');
    const channel = `rd:event:${name}`;
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('routerdesk', bridge);
