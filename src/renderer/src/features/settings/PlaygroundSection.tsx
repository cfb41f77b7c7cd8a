import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SendKey, Settings, SettingsPatch } from '@shared/schemas';
import { errorMessage } from '../../api';
import { useApi, usePausedReason } from '../../api/ApiContext';
import { callKey } from '../../api/queries';
import { ErrorAlert } from '../../components/Alert';

/** How the Playground behaves: the send key, the model new chats start with, automatic titles. */
export function PlaygroundSection({ settings }: { settings: Settings | null }) {
  const api = useApi();
  const client = useQueryClient();
  const paused = usePausedReason('change');
  const [error, setError] = useState<string | null>(null);
  const [defaultModel, setDefaultModel] = useState<string | null>(null);
  const [titleModel, setTitleModel] = useState<string | null>(null);

  const save = (patch: SettingsPatch) => {
    setError(null);
    api.call('settings.update', patch).then(
      (saved) => client.setQueryData<Settings>(callKey('settings.get'), saved),
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  if (!settings) return null;
  const titles = settings.titleModel !== '';
  return (
    <section className="panel" aria-labelledby="playground-settings-heading">
      <div className="panel-header">
        <h2 id="playground-settings-heading">Playground</h2>
      </div>
      <fieldset className="radio-group" disabled={paused !== null}>
        <legend className="field-label">Send a message with</legend>
        {(
          [
            ['enter', 'Enter (Shift+Enter for a new line)'],
            ['mod-enter', 'Ctrl+Enter or ⌘+Enter (Enter for a new line)'],
          ] as Array<[SendKey, string]>
        ).map(([value, label]) => (
          <label key={value} className="check-field">
            <input
              type="radio"
              name="send-key"
              value={value}
              checked={settings.sendKey === value}
              onChange={() => save({ sendKey: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>

      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (defaultModel !== null) save({ defaultModel });
          setDefaultModel(null);
        }}
      >
        <label className="field grow">
          <span className="field-label">Model for new chats</span>
          <input
            className="mono"
            value={defaultModel ?? settings.defaultModel}
            placeholder="RouterDesk's pick (a capable, inexpensive model)"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setDefaultModel(e.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={defaultModel === null || paused !== null}>
          Save model
        </button>
      </form>

      <label className="check-field">
        <input
          type="checkbox"
          checked={titles}
          disabled={paused !== null}
          onChange={(e) => save({ titleModel: e.target.checked ? 'openai/gpt-5-nano' : '' })}
        />
        Title new conversations automatically (one short request to a cheap model, shown in Usage as “title”)
      </label>
      {titles ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (titleModel !== null && titleModel.trim()) save({ titleModel: titleModel.trim() });
            setTitleModel(null);
          }}
        >
          <label className="field grow">
            <span className="field-label">Title model</span>
            <input
              className="mono"
              value={titleModel ?? settings.titleModel}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setTitleModel(e.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={titleModel === null || paused !== null}>
            Save title model
          </button>
        </form>
      ) : null}
      {error ? <ErrorAlert message={error} /> : null}
    </section>
  );
}
