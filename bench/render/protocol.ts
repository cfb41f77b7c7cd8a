/**
 * What the in-page probe (page/probe.ts, injected into every page before its own scripts) and the
 * Node side of the render benchmark (index.ts) exchange. Compiled both for the browser and for
 * Node, so nothing here may use either's APIs.
 *
 * Every time is a page `performance.now()` in ms, so all of them share one clock.
 */

/**
 * A renderer still behind this long after the stream ended is given up on (its final text then
 * reads "> GRACE_MS"). The probe does that itself once the page has seen the ending; Node does
 * it a second later for a page too swamped to.
 */
export const GRACE_MS = 5000;

/** Measure one streamed answer. */
export interface StreamArm {
  kind: 'stream';
  /** CSS selector of the answer's element; the last match is used (the newest answer). */
  answer: string;
  /** Inside it, the element holding the rendered Markdown (default: the answer element). */
  text?: string;
}

/** Measure opening a stored conversation: from `navigate()` until `selector` shows `marker`. */
export interface OpenArm {
  kind: 'open';
  selector: string;
  marker: string;
}

export type ArmOptions = StreamArm | OpenArm;

export interface StreamRecord {
  kind: 'stream';
  /** The page's performance.timeOrigin: page time + timeOrigin = Unix ms, as in Node. */
  timeOrigin: number;
  requestId: string | null;
  /** The user's click on Send (the event's timestamp), when the page has such a button. */
  sendAt: number | null;
  /** The chat.start frame left the page. */
  startSentAt: number | null;
  /** The first and the last chat.delta with answer text reached the page (before the page's own handler ran). */
  firstDeltaAt: number | null;
  lastDeltaAt: number | null;
  deltas: number;
  /** Answer text received, in characters. */
  chars: number;
  /** chat.done / chat.error reached the page. */
  endedAt: number | null;
  ended: 'done' | 'error' | null;
  errorMessage: string | null;
  completionTokens: number | null;
  /** First DOM change that put answer text on the page, and the first paint after it. */
  firstTextAt: number | null;
  firstTextPaintAt: number | null;
  /** First DOM change after which the page showed the whole answer, and the first paint after it. */
  finalTextAt: number | null;
  finalPaintAt: number | null;
  /** How the final text was recognised, or why it was not. */
  finalNote: string;
  /** Set when the final text was given up on (page time). */
  gaveUpAt: number | null;
  /**
   * Set by Node: the page was closed before its last report, too busy to send it. Frames and
   * long tasks after its last report are missing (the browser delivers long tasks late, so most
   * of them), which makes every figure of the run a bound.
   */
  incomplete?: boolean;
  /** requestAnimationFrame timestamps from arming until the end of the measurement. */
  frames: number[];
  /** Long tasks (start, duration) that overlap the measurement. */
  longTasks: Array<[number, number]>;
  /** A short hash and the length of the answer text, to check every renderer got the same one. */
  textHash: string;
}

export interface OpenRecord {
  kind: 'open';
  timeOrigin: number;
  navigatedAt: number | null;
  foundAt: number | null;
  paintAt: number | null;
  frames: number[];
  longTasks: Array<[number, number]>;
}

export type ProbeRecord = StreamRecord | OpenRecord;

/**
 * What the probe sends to Node through the `__rdReport` binding, a few times a second and once
 * more when done: Node keeps the latest, so a page too busy to answer can still be closed with
 * what it had recorded.
 */
export interface ProbeReport {
  /** The record without its arrays. */
  record: ProbeRecord;
  /** Frame timestamps and long tasks recorded since the previous report. */
  frames: number[];
  longTasks: Array<[number, number]>;
  /** The measurement is complete. */
  final: boolean;
}

/** The probe's API on `window.__rdProbe`. */
export interface Probe {
  arm(options: ArmOptions): void;
  /** Open mode: records the start and sets location.hash. */
  navigate(hash: string): void;
}

/** The bench page's API on `window.__benchPage`. */
export interface BenchPage {
  /** The page's WebSocket is open. */
  ready: boolean;
  renderer: string;
  /** Sends chat.start in messages mode with one user message. */
  start(input: { model: string; content: string }): Promise<void>;
}

export interface ProbeGlobals {
  __rdProbe?: Probe;
  __benchPage?: BenchPage;
  /** Installed by Node (Playwright's exposeBinding) before the page loads. */
  __rdReport?: (json: string) => void;
}
