/**
 * The IPC transport of the contract: one ipcMain handler per call, refusing any sender that is not
 * our own page in a RouterDesk window's top-level frame, then the core's dispatch (which parses
 * the input). Events go back to the page that made the call, while it is loaded: a reload, a
 * navigation or a renderer crash ends that page, and with it the work it started. The core's
 * broadcasts go to every such page.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { callNames, ipcCallChannel, ipcEventChannel, type CallName, type CallResult } from '@shared/contract';
import { toErrorShape } from '@shared/errors';
import type { BroadcastListener } from '../core/broadcaster';
import { createCloseHooks, type CallContext, type Logger } from '../core/rpc';
import { isNavigationAllowed, isTrustedSender, type AppPages, type SenderFrame } from './policy';

/** The part of the core this adapter uses. */
export interface Dispatcher {
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<CallResult<unknown>>;
  /** Events for every window; each page subscribes while it is loaded. */
  subscribe(listener: BroadcastListener): () => void;
}

export interface IpcOptions {
  pages: AppPages;
  log?: Logger;
  /** Whether the sender is one of our windows; defaults to "has a BrowserWindow". */
  isOurWindow?: (contents: WebContents) => boolean;
}

const FORBIDDEN: CallResult<never> = {
  ok: false,
  error: {
    code: 'forbidden_sender',
    message: "This request did not come from RouterDesk's own window, so it was refused.",
  },
};

/** Registers every call of the contract; returns a function that removes them again. */
export function registerCallHandlers(core: Dispatcher, opts: IpcOptions): () => void {
  const isOurWindow = opts.isOurWindow ?? ((contents) => BrowserWindow.fromWebContents(contents) !== null);
  const contextFor = pageContexts(core, opts.pages, opts.log);

  for (const name of callNames) {
    ipcMain.handle(ipcCallChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isOurWindow(event.sender) || !isTrustedSender(senderFrameOf(event), opts.pages)) {
        opts.log?.('warn', `refused call ${name} from a frame that is not RouterDesk's window`);
        return FORBIDDEN;
      }
      return callCore(core, name, input, contextFor(event.sender), opts.log);
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(ipcCallChannel(name));
  };
}

/** The sender frame's URL and parent, or null when the frame is already gone. */
function senderFrameOf(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame;
    return frame ? { url: frame.url, parent: frame.parent } : null;
  } catch {
    return null;
  }
}

async function callCore(
  core: Dispatcher,
  name: CallName,
  input: unknown,
  ctx: CallContext,
  log?: Logger,
): Promise<CallResult<unknown>> {
  try {
    return await core.dispatch(name, input, ctx);
  } catch (e) {
    log?.('error', `call ${name} failed outside the dispatcher: ${e instanceof Error ? e.message : String(e)}`);
    return {
      ok: false,
      error: toErrorShape(e),
    };
  }
}

interface PageContext {
  ctx: CallContext;
  /** Runs and forgets the close callbacks; afterwards the context sends nothing. */
  end(): void;
  ended(): boolean;
}

/**
 * The context for the page a window shows now. Each page load gets its own: when the page goes
 * (window destroyed, renderer gone, reload or main-frame navigation) its context ends, its streams
 * are aborted, and the next call from the window starts a fresh context.
 */
function pageContexts(
  core: Pick<Dispatcher, 'subscribe'>,
  pages: AppPages,
  log?: Logger,
): (contents: WebContents) => CallContext {
  const current = new WeakMap<WebContents, PageContext>();
  const watch = (contents: WebContents) => {
    const endPage = () => current.get(contents)?.end();
    contents.once('destroyed', endPage);
    contents.on('render-process-gone', endPage);
    contents.on('did-start-navigation', (details) => {
      if (!details.isMainFrame || details.isSameDocument) return;
      // will-navigate (window.ts) cancels every URL but our page, so only a navigation to our page
      // (a reload, Ctrl+R) really replaces it; an external link must not abort the page's streams.
      if (isNavigationAllowed(details.url, pages)) endPage();
    });
  };
  return (contents) => {
    const page = current.get(contents);
    if (page && !page.ended()) return page.ctx;
    if (!page) watch(contents);
    const next = pageContext(contents, core, log);
    current.set(contents, next);
    return next.ctx;
  };
}

function pageContext(contents: WebContents, core: Pick<Dispatcher, 'subscribe'>, log?: Logger): PageContext {
  const hooks = createCloseHooks((e) =>
    log?.('error', `cleanup after the page went away failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  const send: CallContext['emit'] = (name, payload) => {
    if (hooks.closed || contents.isDestroyed()) return false;
    try {
      contents.send(ipcEventChannel(name), payload);
      return true;
    } catch (e) {
      log?.('warn', `could not send ${name} to the window: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
  // A page gets broadcasts (a conversation changed in another window) from its first call until
  // it goes away; it loads what it shows with calls, so nothing before that is missed.
  const unsubscribe = core.subscribe((name, payload) => {
    send(name, payload);
  });
  return {
    ended: () => hooks.closed,
    end() {
      if (hooks.closed) return;
      unsubscribe();
      hooks.close();
    },
    ctx: { emit: send, onClose: hooks.onClose },
  };
}
