import { useState, type FormEvent } from 'react';
import type { AppInfo, Settings } from '@shared/schemas';
import { errorMessage } from '../../api';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { ErrorAlert } from '../../components/Alert';

const sourceText: Record<AppInfo['baseUrlSource'], string> = {
  default: 'the default',
  settings: 'from Settings',
  environment: 'from the OPENROUTER_BASE_URL environment variable, which overrides this setting',
};

export function ConnectionSection({
  info,
  settings,
  onSaved,
}: {
  info: AppInfo | null;
  settings: Settings | null;
  onSaved: (settings: Settings) => void;
}) {
  const api = useApi();
  // null = not edited yet: show what is saved.
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const paused = usePausedReason('change');
  const value = draft ?? settings?.baseUrl ?? '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (paused) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const next = await api.call('settings.update', { baseUrl: value.trim() });
      setDraft(null);
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="connection-heading">
      <div className="panel-header">
        <h2 id="connection-heading">Connection</h2>
      </div>
      <form className="inline-form" onSubmit={submit}>
        <label className="field grow">
          <span className="field-label">OpenRouter base URL</span>
          <input
            type="url"
            className="mono"
            value={value}
            placeholder="https://openrouter.ai/api/v1"
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setDraft(e.target.value);
              setSaved(false);
            }}
          />
        </label>
        <button type="submit" className="button" disabled={busy || settings === null || paused !== null}>
          Save
        </button>
      </form>
      {paused ? <p className="small paused-text">{paused}</p> : null}
      <p className="muted small">Leave empty and save to go back to the default.</p>
      {saved ? (
        <p role="status" className="success-text">
          Base URL saved
        </p>
      ) : null}
      {error ? <ErrorAlert message={error} /> : null}
      {info ? (
        <p className="small">
          In use: <code className="mono">{info.baseUrl}</code>{' '}
          <span className="muted">({sourceText[info.baseUrlSource]})</span>
        </p>
      ) : null}
    </section>
  );
}
