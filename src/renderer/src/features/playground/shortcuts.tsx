import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { SendKey } from '@shared/schemas';
import { Dialog } from '../../components/Dialog';
import { sendHint } from './Composer';

export interface ShortcutHandlers {
  /** null while nothing is streaming. */
  stop: (() => void) | null;
  newChat: () => void;
  focusSearch: () => void;
  focusModel: () => void;
  regenerate: () => void;
  alternative: (step: -1 | 1) => void;
  showShortcuts: () => void;
}

export type ShortcutAction = keyof ShortcutHandlers | 'alternative-prev' | 'alternative-next';

type KeyInfo = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * Which shortcut a key press is. Alt shortcuts read the physical key (`code`), because on a Mac
 * Option+R types "®". `typing` is true in a text field, where `?` is just a character.
 */
export function shortcutFor(e: KeyInfo, typing: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') return 'stop';
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return 'focusSearch';
  if (e.altKey && !mod) {
    if (e.code === 'KeyN') return 'newChat';
    if (e.code === 'KeyM') return 'focusModel';
    if (e.code === 'KeyR') return 'regenerate';
    if (e.code === 'BracketLeft') return 'alternative-prev';
    if (e.code === 'BracketRight') return 'alternative-next';
  }
  if (!typing && !mod && !e.altKey && e.key === '?') return 'showShortcuts';
  return null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** The Playground's keyboard shortcuts, active while focus is in it (or nowhere in particular). */
export function usePlaygroundShortcuts(root: RefObject<HTMLElement | null>, handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Node ? e.target : null;
      const playground = root.current?.closest('.playground');
      const here = target === null || target === document.body || (playground?.contains(target) ?? false);
      if (!here || document.querySelector('dialog[open]')) return;
      const action = shortcutFor(e, isTyping(e.target));
      if (!action) return;
      const h = latest.current;
      if (action === 'stop') {
        if (!h.stop) return;
        h.stop();
      } else if (action === 'alternative-prev') h.alternative(-1);
      else if (action === 'alternative-next') h.alternative(1);
      else if (action !== 'alternative') h[action]();
      e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [root]);
}

const rows = (sendKey: SendKey): Array<[string, string]> => [
  [sendKey === 'enter' ? 'Enter' : 'Ctrl+Enter / ⌘+Enter', 'Send the message'],
  [sendKey === 'enter' ? 'Shift+Enter' : 'Enter', 'New line in the message'],
  ['Esc', 'Stop the answer'],
  ['Alt+N', 'New chat'],
  ['Ctrl+K / ⌘+K', 'Search conversations'],
  ['Alt+M', 'Choose the model'],
  ['Alt+R', 'Regenerate the last answer'],
  ['Alt+[ / Alt+]', 'Previous / next alternative'],
  ['?', 'This list'],
];

export function ShortcutsDialog({ open, onClose, sendKey }: { open: boolean; onClose: () => void; sendKey: SendKey }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts-table">
        <caption className="visually-hidden">Playground keyboard shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows(sendKey).map(([keys, action]) => (
            <tr key={action}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{sendHint(sendKey)}. The send key can be changed in Settings.</p>
    </Dialog>
  );
}
