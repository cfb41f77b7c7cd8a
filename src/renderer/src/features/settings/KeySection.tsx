import { useState, type FormEvent } from 'react';
import type { KeyStatus } from '@shared/schemas';
import { ApiError, errorMessage, isApiError } from '../../api';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { ErrorAlert, Notice } from '../../components/Alert';
import { keyStatusText } from './keyStatusText';

type Busy = 'save' | 'store' | 'remove' | null;

export const KEYS_URL = 'https://openrouter.ai/settings/keys';

export function KeySection({ status, onStatus }: { status: KeyStatus | null; onStatus: (status: KeyStatus) => void }) {
  const api = useApi();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [shown, setShown] = useState(false);
  const paused = usePausedReason('change');
  const blocked = busy !== null || paused !== null;

  async function save(storeWithoutVerifying: boolean) {
    setBusy(storeWithoutVerifying ? 'store' : 'save');
    setError(null);
    setSaved(false);
    try {
      const next = await api.call('key.set', storeWithoutVerifying ? { key, storeWithoutVerifying } : { key });
      setKey('');
      setSaved(true);
      onStatus(next);
    } catch (e) {
      setError(isApiError(e) ? e : new ApiError({ code: 'internal', message: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('remove');
    setError(null);
    setSaved(false);
    try {
      onStatus(await api.call('key.delete'));
      setConfirmRemove(false);
    } catch (e) {
      setError(isApiError(e) ? e : new ApiError({ code: 'internal', message: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (key.trim() && !blocked) void save(false);
  }

  const fromEnvironment = status?.source === 'environment';
  const keychainMessage = status && !status.keychain.available ? status.keychain.message : null;

  return (
    <section className="panel" aria-labelledby="key-heading">
      <div className="panel-header">
        <h2 id="key-heading">API key</h2>
      </div>

      <p className={`key-status ${!status?.set ? 'is-unset' : status.unverified ? 'is-unverified' : 'is-set'}`}>
        <span className="status-dot" aria-hidden="true" />
        {status ? keyStatusText(status) : 'Checking for a key…'}
      </p>
      {keychainMessage ? <Notice tone="warning">{keychainMessage}</Notice> : null}

      <form className="inline-form" onSubmit={submit}>
        <label className="field grow">
          <span className="field-label">OpenRouter API key</span>
          <input
            type={shown ? 'text' : 'password'}
            className="mono"
            value={key}
            placeholder={status?.set ? 'Paste a new key to replace the current one' : 'sk-or-v1-…'}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setKey(e.target.value);
              setSaved(false);
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          aria-pressed={shown}
          aria-label={shown ? 'Hide the key' : 'Show the key'}
          onClick={() => setShown((v) => !v)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
        <button type="submit" className="button button-primary" disabled={!key.trim() || blocked}>
          {busy === 'save' ? 'Verifying…' : 'Save key'}
        </button>
      </form>
      {paused ? <p className="small paused-text">{paused}</p> : null}
      <p className="muted small">
        RouterDesk checks the key with OpenRouter before storing it, then keeps it in your system keychain. No key yet?{' '}
        <a href={KEYS_URL} target="_blank" rel="noreferrer">
          Create one at openrouter.ai/settings/keys
        </a>
        .
      </p>

      {saved ? (
        <p role="status" className="success-text">
          Key saved
        </p>
      ) : null}
      {error ? (
        <ErrorAlert message={error.message}>
          {error.code === 'network' ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => void save(true)}
              disabled={blocked || !key.trim()}
            >
              Store anyway
            </button>
          ) : null}
        </ErrorAlert>
      ) : null}

      {status?.set && !fromEnvironment ? (
        confirmRemove ? (
          <div className="confirm" role="group" aria-label="Confirm removing the key">
            <span>
              {status.source === 'memory' ? 'Remove the key from memory?' : 'Remove the key from the keychain?'}
            </span>
            <button type="button" className="button button-danger" onClick={() => void remove()} disabled={blocked}>
              Remove
            </button>
            <button type="button" className="button" onClick={() => setConfirmRemove(false)} disabled={busy !== null}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="toolbar">
            <button type="button" className="button" onClick={() => setConfirmRemove(true)} disabled={paused !== null}>
              Remove key
            </button>
          </div>
        )
      ) : null}
      {fromEnvironment ? (
        <p className="muted small">To stop using this key, unset OPENROUTER_API_KEY and restart RouterDesk.</p>
      ) : null}
    </section>
  );
}
