import { useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * Each screen's h1. After the user picks a screen in the sidebar, focus moves to it, so a screen
 * reader announces where they are and Tab continues from the top of the new screen.
 */
let focusNextTitle = false;

/** Called by the sidebar: the next title to appear takes focus (screens may load lazily). */
export function focusScreenTitleSoon(): void {
  focusNextTitle = true;
}

/** For a click on the screen already shown: its title takes focus now. */
export function focusScreenTitleNow(): void {
  document.querySelector<HTMLElement>('main h1')?.focus();
}

export function ScreenTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (!focusNextTitle) return;
    focusNextTitle = false;
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
