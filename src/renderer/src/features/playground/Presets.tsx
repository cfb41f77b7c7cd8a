import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ConversationSettings, Preset } from '@shared/conversations';
import { errorMessage } from '../../api';
import { useApi } from '../../api/ApiContext';
import { callKey, useCall } from '../../api/queries';
import { ErrorAlert } from '../../components/Alert';
import { Button } from '../../components/Button';

/** Named request settings: apply one to this conversation, or save what is set now as one. */
export function Presets({
  current,
  onApply,
}: {
  /** What the panel holds now, or null while a field cannot be read (nothing to save then). */
  current: ConversationSettings | null;
  onApply: (preset: Preset) => void;
}) {
  const api = useApi();
  const client = useQueryClient();
  const list = useCall('presets.list');
  const ids = useId();
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const presets = list.data ?? [];

  const store = (work: Promise<Preset[]>) => {
    setError(null);
    work.then(
      (next) => client.setQueryData(callKey('presets.list'), next),
      (e: unknown) => setError(errorMessage(e)),
    );
    return work;
  };

  return (
    <div className="presets">
      <div className="presets-row">
        <label className="field grow">
          <span className="field-label">Preset</span>
          <select
            id={`${ids}-preset`}
            value={chosen}
            onChange={(e) => {
              const preset = presets.find((p) => p.name === e.target.value);
              setChosen(e.target.value);
              if (preset) onApply(preset);
            }}
          >
            <option value="">{presets.length ? 'Choose a preset…' : 'No presets yet'}</option>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {chosen ? (
          <Button
            small
            variant="quiet"
            aria-label={`Delete the preset ${chosen}`}
            onClick={() =>
              void store(api.call('presets.delete', { name: chosen })).then(
                () => setChosen(''),
                () => {},
              )
            }
          >
            Delete
          </Button>
        ) : null}
        {naming === null ? (
          <Button
            small
            disabled={!current}
            onClick={() => setNaming(chosen)}
            title="Save the model, parameters and system prompt"
          >
            Save as…
          </Button>
        ) : null}
      </div>
      {naming !== null && current ? (
        <form
          className="presets-row"
          onSubmit={(e) => {
            e.preventDefault();
            const name = naming.trim();
            if (!name) {
              setError('Give the preset a name.');
              return;
            }
            void store(api.call('presets.save', { name, settings: current })).then(
              () => {
                setChosen(name);
                setNaming(null);
              },
              () => {},
            );
          }}
        >
          <label className="field grow">
            <span className="field-label">Preset name</span>
            <input value={naming} maxLength={100} autoFocus onChange={(e) => setNaming(e.target.value)} />
          </label>
          <Button small variant="primary" type="submit">
            Save
          </Button>
          <Button small onClick={() => setNaming(null)}>
            Cancel
          </Button>
        </form>
      ) : null}
      {error ? <ErrorAlert message={error} /> : null}
    </div>
  );
}
