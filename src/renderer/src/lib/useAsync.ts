import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

export interface AsyncState<T> {
  data: T | null;
  /** The message to show, already worded for the user. */
  error: string | null;
  loading: boolean;
  /** Loads again, keeping the current data on screen until the answer arrives. */
  reload(): void;
}

/**
 * Runs `load` when the component mounts and whenever `reload` is called. Only the latest load
 * may update the state, so a slow old answer never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>): AsyncState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const reload = useCallback(() => {
    const run = ++latest.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (run !== latest.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (run !== latest.current) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    reload();
    return () => {
      // Unmounted: answers still in flight must not set state.
      latest.current++;
    };
  }, [reload]);

  return { data, error, loading, reload };
}
