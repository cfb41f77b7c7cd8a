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
  const mounted = useRef(false);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const fetchNow = useCallback(() => {
    const run = ++latest.current;
    const current = () => mounted.current && run === latest.current;
    loadRef.current().then(
      (value) => {
        if (!current()) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!current()) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    fetchNow();
    return () => {
      mounted.current = false;
    };
  }, [fetchNow]);

  const reload = useCallback(() => {
    setLoading(true);
    fetchNow();
  }, [fetchNow]);

  return { data, error, loading, reload };
}
