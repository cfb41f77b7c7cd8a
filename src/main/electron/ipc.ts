/**
 * The IPC transport of the contract: one ipcMain handler per call, refusing any sender that is not
 * our own page in a RouterDesk window's top-level frame, then the core's dispatch (which parses
 * the input). Events go back to the window that made the call, while it exists.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { callNames, ipcCallChannel, ipcEventChannel, type CallName, type CallResult } from '../../shared/contract';
import type { CallContext, Logger } from '../core/rpc';
import { isTrustedSender, type AppPages, type SenderFrame } from './policy';

/** The part of the core this adapter uses. */
export interface Dispatcher {
  dispatch(name: unknown, input: unknown, ctx: CallContext): Promise<CallResult<unknown>>;
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
  const contexts = new WeakMap<WebContents, CallContext>();
  const contextFor = (contents: WebContents): CallContext => {
    let ctx = contexts.get(contents);
    if (!ctx) {
      ctx = windowContext(contents, opts.log);
      contexts.set(contents, ctx);
    }
    return ctx;
  };

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
      error: {
        code: 'internal',
        message: 'Something went wrong inside RouterDesk. Try again; if it keeps happening, restart the app.',
      },
    };
  }
}

/** One context per window: events to it while it lives, close callbacks when it is destroyed. */
function windowContext(contents: WebContents, log?: Logger): CallContext {
  const onClose = new Set<() => void>();
  let closed = false;
  contents.once('destroyed', () => {
    closed = true;
    for (const fn of onClose) {
      try {
        fn();
      } catch (e) {
        log?.('error', `cleanup after the window closed failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    onClose.clear();
  });
  return {
    emit(name, payload) {
      if (closed || contents.isDestroyed()) return false;
      try {
        contents.send(ipcEventChannel(name), payload);
        return true;
      } catch (e) {
        log?.('warn', `could not send ${name} to the window: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    },
    onClose(fn) {
      if (closed) queueMicrotask(fn);
      else onClose.add(fn);
    },
  };
}
