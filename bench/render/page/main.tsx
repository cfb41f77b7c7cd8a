/**
 * The bench page for the peer renderers, served by a RouterDesk web host so its WebSocket passes
 * the host's Origin and cookie checks. `?renderer=naive` or `?renderer=streamdown` picks how the
 * answer is shown; both are fed exactly as a typical chat UI feeds them: the text grows in React
 * state on every chat.delta, and the column keeps its bottom in view.
 */
import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { Streamdown } from 'streamdown';
import 'highlight.js/styles/github.css';
import 'streamdown/styles.css';
import './page.css';
import type { BenchPage, ProbeGlobals } from '../protocol';

type Renderer = 'naive' | 'streamdown';
const renderer: Renderer =
  new URLSearchParams(location.search).get('renderer') === 'streamdown' ? 'streamdown' : 'naive';

// ---- The answer's state, outside React so the socket can feed it ---------------------------
// Read with useSyncExternalStore, as chat hooks such as the AI SDK's useChat do: React renders
// every store change synchronously, so each delta is one render of the whole answer.

interface Answer {
  /** The request's id: each answer gets its own element, as in a chat transcript. */
  id: string | null;
  text: string;
  streaming: boolean;
}
let answer: Answer = { id: null, text: '', streaming: false };
const listeners = new Set<() => void>();
function setAnswer(next: Answer): void {
  answer = next;
  for (const listener of listeners) listener();
}
function useAnswer(): Answer {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => answer,
  );
}

// ---- The web host's WebSocket: calls are {id, call, input}, events {event, payload} ---------

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
let nextId = 1;
let requestId: string | null = null;

socket.onmessage = (event: MessageEvent<string>) => {
  const frame = JSON.parse(event.data) as {
    id?: number;
    ok?: boolean;
    error?: { message: string };
    event?: string;
    payload?: { requestId: string; content?: string };
  };
  if (typeof frame.id === 'number') {
    const entry = waiting.get(frame.id);
    waiting.delete(frame.id);
    if (frame.ok) entry?.resolve();
    else entry?.reject(new Error(frame.error?.message ?? 'call failed'));
    return;
  }
  if (!frame.payload || frame.payload.requestId !== requestId) return;
  if (frame.event === 'chat.delta' && frame.payload.content) {
    // What a peer does with each delta: append it and let React render the whole answer again.
    setAnswer({ ...answer, text: answer.text + frame.payload.content });
  } else if (frame.event === 'chat.done' || frame.event === 'chat.error') {
    setAnswer({ ...answer, streaming: false });
  }
};

function call(name: string, input: unknown): Promise<void> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, call: name, input }));
  });
}

const page: BenchPage = {
  ready: false,
  renderer,
  start({ model, content }) {
    requestId = crypto.randomUUID();
    setAnswer({ id: requestId, text: '', streaming: true });
    return call('chat.start', {
      requestId,
      model,
      messages: [{ role: 'user', content }],
      params: {},
      origin: 'playground',
    });
  },
};
socket.onopen = () => {
  page.ready = true;
};
(window as unknown as ProbeGlobals).__benchPage = page;

// ---- Rendering ---------------------------------------------------------------------------

// Module-level, so React does not see new plugin lists on every render.
const remarkPlugins = [remarkGfm];
const rehypePlugins = [rehypeHighlight];

function App() {
  const { id, text, streaming } = useAnswer();
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);
  return (
    <div ref={scroller} className="scroller">
      {id === null ? null : (
        <article key={id} className="answer" aria-label="Assistant">
          {renderer === 'naive' ? (
            <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
              {text}
            </ReactMarkdown>
          ) : (
            <Streamdown isAnimating={streaming}>{text}</Streamdown>
          )}
        </article>
      )}
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
