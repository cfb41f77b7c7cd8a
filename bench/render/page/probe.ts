/**
 * The in-page probe of the render benchmark. Built as one classic script and injected with
 * Playwright's addInitScript into every page (the real app and the bench page alike) before the
 * page's own scripts, so every renderer is measured by the same code:
 *
 * - WebSocket frames are timed as they reach the page, before the page's own handler runs (the
 *   probe's listener is added in the constructor, ahead of the page's onmessage);
 * - requestAnimationFrame timestamps give the frame intervals; a MessageChannel message posted
 *   from each frame runs after that frame's rendering, which marks "painted";
 * - long tasks come from a buffered PerformanceObserver;
 * - a MutationObserver notices when the answer's element changes, and a cheap check of the last
 *   text nodes tells whether the page shows all the text received so far.
 *
 * Results go to Node through the `__rdReport` binding, a few times a second and when done, so a
 * page whose main thread is swamped (a renderer far behind) can be closed with what it recorded.
 */
import {
  GRACE_MS,
  type ArmOptions,
  type OpenRecord,
  type Probe,
  type ProbeGlobals,
  type ProbeReport,
  type StreamRecord,
} from '../protocol';

/** After the final paint, wait this long for the last long-task entries to be delivered. */
const SETTLE_MS = 250;
/** How often the rAF loop reports to Node. */
const REPORT_MS = 250;
/** Units (words and code punctuation) of the answer's end that must be on screen, in order. */
const TAIL_UNITS = 8;
/** Text after the answer's end that may follow it on screen (a control's label, say). */
const TRAILING_UNITS = 16;

const w = window as unknown as Window & ProbeGlobals;
if (!w.__rdProbe) w.__rdProbe = install();

function install(): Probe {
  const now = () => performance.now();

  const longTasks: Array<[number, number]> = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });

  let options: ArmOptions | null = null;
  let stream: StreamRecord | null = null;
  let open: OpenRecord | null = null;
  let armedAt = 0;
  let text = '';
  let seenAnswers = new Set<Element>();
  let textEl: Element | null = null;
  let caughtChars = -1;
  let caughtAt = 0;
  let expected: { chars: number; units: string[] } = { chars: -1, units: [] };
  let finalTimer: ReturnType<typeof setTimeout> | null = null;

  // Frames and "after paint" marks.
  let looping = false;
  let frames: number[] = [];
  let lastPaintMark = 0;
  // What Node has been sent already.
  let reportedFrames = 0;
  let reportedLongTasks = 0;
  let reportedAt = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    lastPaintMark = now();
    afterPaint();
  };
  const frame = (ts: number) => {
    if (!looping) return;
    frames.push(ts);
    channel.port2.postMessage(null);
    requestAnimationFrame(frame);
    // A fallback for changes the MutationObserver did not attribute to the answer.
    if (stream?.endedAt != null && stream.finalTextAt === null) check(now());
    if (ts - reportedAt >= REPORT_MS) report(false);
  };

  function report(final: boolean): void {
    const record = stream ?? open;
    const send = w.__rdReport;
    if (!record || !send) return;
    reportedAt = frames[frames.length - 1] ?? now();
    const message: ProbeReport = {
      record: { ...record, frames: [], longTasks: [] },
      frames: frames.slice(reportedFrames),
      longTasks: longTasks.slice(reportedLongTasks).filter(([start, duration]) => start + duration > armedAt),
      final,
    };
    reportedFrames = frames.length;
    reportedLongTasks = longTasks.length;
    send(JSON.stringify(message));
  }

  function afterPaint(): void {
    const t = lastPaintMark;
    if (stream) {
      if (stream.firstTextAt !== null && stream.firstTextPaintAt === null && t > stream.firstTextAt) {
        stream.firstTextPaintAt = t;
      }
      if (stream.finalTextAt !== null && stream.finalPaintAt === null && t > stream.finalTextAt) {
        stream.finalPaintAt = t;
        complete();
      }
    }
    if (open && open.foundAt !== null && open.paintAt === null && t > open.foundAt) {
      open.paintAt = t;
      complete();
    }
  }

  function complete(): void {
    if (!looping) return;
    looping = false;
    if (finalTimer) clearTimeout(finalTimer);
    finalTimer = null;
    if (stream) stream.textHash = `${hash(text)}:${text.length}`;
    setTimeout(() => {
      report(true);
      options = null;
    }, SETTLE_MS);
  }

  // ---- WebSocket frames -------------------------------------------------------------------

  const NativeSocket = window.WebSocket;
  class ProbedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        if (stream && typeof event.data === 'string') onFrame(event.data);
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (stream && typeof data === 'string') onSend(data);
      super.send(data);
    }
  }
  window.WebSocket = ProbedSocket;

  function onSend(data: string): void {
    if (!stream || stream.requestId !== null || !data.includes('"call":"chat.start"')) return;
    const frame = JSON.parse(data) as { input?: { requestId?: string } };
    stream.requestId = frame.input?.requestId ?? null;
    stream.startSentAt = now();
  }

  function onFrame(data: string): void {
    if (!data.startsWith('{"event":"chat.')) return;
    const t = now();
    const frame = JSON.parse(data) as {
      event: string;
      payload: {
        requestId?: string;
        content?: string;
        usage?: { completionTokens?: number | null } | null;
        error?: { message?: string };
      };
    };
    const s = stream!;
    if (s.requestId === null || frame.payload.requestId !== s.requestId) return;
    if (frame.event === 'chat.delta') {
      const content = frame.payload.content ?? '';
      if (!content) return;
      s.firstDeltaAt ??= t;
      s.lastDeltaAt = t;
      s.deltas++;
      text += content;
      s.chars = text.length;
      return;
    }
    if (frame.event !== 'chat.done' && frame.event !== 'chat.error') return;
    s.endedAt = t;
    s.ended = frame.event === 'chat.done' ? 'done' : 'error';
    s.completionTokens = frame.payload.usage?.completionTokens ?? null;
    if (s.ended === 'error') {
      s.errorMessage = frame.payload.error?.message ?? 'unknown error';
      s.finalNote = 'the stream failed';
      complete();
      return;
    }
    // After the page's own handler (it runs next, for this same frame) has had its turn.
    setTimeout(() => check(now()), 0);
    finalTimer = setTimeout(() => {
      const el = findText();
      s.finalNote =
        `final text not recognised within ${GRACE_MS} ms: expected …${expectedUnits().join(' ')}; ` +
        `page shows …${
          el
            ? units(renderedTail(el))
                .slice(-TAIL_UNITS - TRAILING_UNITS)
                .join(' ')
            : '(no answer element)'
        }`;
      s.gaveUpAt = now();
      complete();
    }, GRACE_MS);
  }

  // ---- The answer on screen ---------------------------------------------------------------

  function findText(): Element | null {
    if (textEl?.isConnected) return textEl;
    if (options?.kind !== 'stream') return null;
    const all = document.querySelectorAll(options.answer);
    for (let i = all.length - 1; i >= 0; i--) {
      const answer = all[i]!;
      if (seenAnswers.has(answer)) break;
      const el = options.text ? answer.querySelector(options.text) : answer;
      if (el) return (textEl = el);
    }
    return null;
  }

  /** The answer's source end as units (words and code punctuation), cached per length. */
  function expectedUnits(): string[] {
    if (expected.chars !== text.length)
      expected = { chars: text.length, units: units(plainTail(text)).slice(-TAIL_UNITS) };
    return expected.units;
  }

  /** Whether the page shows the text received so far; the final one once the stream has ended. */
  function check(t: number): void {
    const s = stream;
    if (!s || s.finalTextAt !== null || text.length === 0) return;
    const el = findText();
    if (!el) return;
    if (caughtChars !== text.length && endsWith(units(renderedTail(el)), expectedUnits())) {
      caughtChars = text.length;
      caughtAt = t;
    }
    if (s.endedAt !== null && caughtChars === text.length) {
      s.finalTextAt = caughtAt;
      s.finalNote = caughtAt < s.endedAt ? 'final text on screen before the stream ended' : 'final text recognised';
    }
  }

  new MutationObserver((records) => {
    if (!options) return;
    const t = now();
    if (open) {
      if (open.foundAt !== null || open.navigatedAt === null || options.kind !== 'open') return;
      const el = document.querySelector(options.selector);
      if (el && (el.textContent ?? '').includes(options.marker) && inViewport(el)) open.foundAt = t;
      return;
    }
    const s = stream;
    if (!s || s.finalTextAt !== null) return;
    const previous = textEl;
    const el = findText();
    if (!el) return;
    if (el === previous && !records.some((r) => el.contains(r.target))) return;
    if (s.firstTextAt === null && (el.textContent ?? '').trim() !== '') s.firstTextAt = t;
    check(t);
  }).observe(document, { subtree: true, childList: true, characterData: true });

  // The Playground's Send button, in the capture phase on window (before React's listener at its
  // root); the event's timestamp is when the click reached the page.
  window.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest('button');
      if (stream && stream.sendAt === null && button?.textContent?.trim() === 'Send') stream.sendAt = event.timeStamp;
    },
    { capture: true },
  );

  // ---- API --------------------------------------------------------------------------------

  return {
    arm(next) {
      options = next;
      armedAt = now();
      text = '';
      textEl = null;
      caughtChars = -1;
      expected = { chars: -1, units: [] };
      frames = [];
      stream = null;
      open = null;
      if (next.kind === 'stream') {
        seenAnswers = new Set(document.querySelectorAll(next.answer));
        stream = {
          kind: 'stream',
          requestId: null,
          sendAt: null,
          startSentAt: null,
          firstDeltaAt: null,
          lastDeltaAt: null,
          deltas: 0,
          chars: 0,
          endedAt: null,
          ended: null,
          errorMessage: null,
          completionTokens: null,
          firstTextAt: null,
          firstTextPaintAt: null,
          finalTextAt: null,
          finalPaintAt: null,
          finalNote: 'the stream has not ended',
          gaveUpAt: null,
          timeOrigin: performance.timeOrigin,
          frames: [],
          longTasks: [],
          textHash: '',
        };
      } else {
        open = {
          kind: 'open',
          timeOrigin: performance.timeOrigin,
          navigatedAt: null,
          foundAt: null,
          paintAt: null,
          frames: [],
          longTasks: [],
        };
      }
      reportedFrames = 0;
      reportedLongTasks = longTasks.length;
      reportedAt = 0;
      looping = true;
      requestAnimationFrame(frame);
    },
    navigate(hash) {
      if (!open) throw new Error('arm({ kind: "open" }) first');
      open.navigatedAt = now();
      location.hash = hash;
    },
  };
}

/** The last text nodes under `el`, about `chars` characters, each one separated by a space. */
function renderedTail(el: Element, chars = 1200): string {
  let last: Node = el;
  while (last.lastChild) last = last.lastChild;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  walker.currentNode = last;
  let node: Node | null = last.nodeType === Node.TEXT_NODE ? last : walker.previousNode();
  const parts: string[] = [];
  let length = 0;
  while (node && length < chars) {
    const value = node.nodeValue ?? '';
    parts.push(value);
    length += value.length;
    node = walker.previousNode();
  }
  return parts.reverse().join(' ');
}

/**
 * The end of Markdown source, without what renderers never show as text: link targets, fence
 * lines with their info strings, list numbers, HTML tags.
 */
function plainTail(source: string): string {
  return source
    .slice(-1600)
    .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, ']')
    .replace(/^\s*(?:```|~~~)[^\n]*$/gm, '')
    .replace(/^(\s*(?:[-*+]|>)?\s*)\d+[.)]\s/gm, '$1')
    .replace(/<\/?[A-Za-z][^>\n]*>/g, ' ');
}

/** Words and the punctuation code is made of (Markdown's own syntax characters left out). */
function units(s: string): string[] {
  return s.match(/[\p{L}\p{N}]+|[{};.,!?=]/gu) ?? [];
}

/** Whether `tail` occurs in `shown`, ending at most TRAILING_UNITS before its end. */
function endsWith(shown: string[], tail: string[]): boolean {
  if (tail.length === 0) return false;
  const lastStart = shown.length - tail.length;
  for (let start = lastStart; start >= 0 && start >= lastStart - TRAILING_UNITS; start--) {
    let i = 0;
    while (i < tail.length && shown[start + i] === tail[i]) i++;
    if (i === tail.length) return true;
  }
  return false;
}

function inViewport(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.height > 0;
}

/** FNV-1a, as hex: enough to tell two answers apart. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
