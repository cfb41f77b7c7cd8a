import { useId, type ReactNode, type RefObject } from 'react';
import { formatPricePerMillion, formatTokens } from '@shared/format';
import type { ModelSummary, ReasoningEffort } from '@shared/schemas';
import { NumberField } from '../../components/Field';
import { ModelPicker } from './ModelPicker';
import { VERBOSITY, type FormCheck, type Offered, type ParamForm } from './paramsForm';

/** Model, parameters and system prompt of the open conversation. */
export function ParamsPanel({
  model,
  chosen,
  models,
  recent,
  catalogLoaded,
  onModel,
  form,
  offered,
  check,
  onForm,
  systemPrompt,
  onSystemPrompt,
  modelRef,
  presets,
}: {
  model: string;
  chosen: ModelSummary | null;
  models: readonly ModelSummary[];
  recent: readonly string[];
  catalogLoaded: boolean;
  onModel: (id: string) => void;
  form: ParamForm;
  offered: Offered;
  check: FormCheck;
  onForm: (form: ParamForm) => void;
  systemPrompt: string;
  onSystemPrompt: (text: string) => void;
  modelRef: RefObject<HTMLInputElement | null>;
  /** The presets row, composed by the screen. */
  presets?: ReactNode;
}) {
  const ids = useId();
  const setNumber = (key: string, value: string) => onForm({ ...form, numbers: { ...form.numbers, [key]: value } });
  const defaults = chosen?.defaultParameters ?? {};

  return (
    <aside className="panel params-panel" aria-label="Request settings">
      {presets}
      <div className="field">
        <label className="field-label" htmlFor={`${ids}-model`}>
          Model
        </label>
        <ModelPicker
          ref={modelRef}
          id={`${ids}-model`}
          value={model}
          models={models}
          recent={recent}
          onChange={onModel}
          describedBy={`${ids}-model-facts`}
        />
      </div>
      <div id={`${ids}-model-facts`}>
        <ModelFacts model={chosen} typed={model.trim()} catalogLoaded={catalogLoaded} />
      </div>

      <div className="params-grid">
        {offered.numbers.map((field) => {
          const error = check.errors[field.key];
          const warning = check.warnings[field.key];
          const fallback = defaults[field.key];
          return (
            <NumberField
              key={field.key}
              label={field.label}
              decimal={field.kind === 'decimal'}
              value={form.numbers[field.key] ?? ''}
              placeholder={fallback !== undefined ? `Default ${fallback}` : 'Default'}
              message={error ? { text: error, tone: 'error' } : warning ? { text: warning, tone: 'warning' } : null}
              onChange={(text) => setNumber(field.key, text)}
            />
          );
        })}
      </div>

      {offered.logprobs ? (
        <label className="check-field">
          <input
            type="checkbox"
            checked={form.logprobs}
            onChange={(e) => onForm({ ...form, logprobs: e.target.checked })}
          />
          Logprobs
        </label>
      ) : null}

      {offered.verbosity ? (
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-verbosity`}>
            Verbosity
          </label>
          <select
            id={`${ids}-verbosity`}
            value={form.verbosity}
            onChange={(e) => onForm({ ...form, verbosity: e.target.value as ParamForm['verbosity'] })}
          >
            <option value="">Default</option>
            {VERBOSITY.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {offered.reasoning ? <ReasoningFields form={form} offered={offered} check={check} onForm={onForm} /> : null}

      {offered.stop ? (
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-stop`}>
            Stop sequences <span className="muted">(one per line, up to 4)</span>
          </label>
          <textarea
            id={`${ids}-stop`}
            rows={2}
            value={form.stop}
            aria-invalid={check.errors.stop ? true : undefined}
            aria-describedby={check.errors.stop ? `${ids}-stop-note` : undefined}
            onChange={(e) => onForm({ ...form, stop: e.target.value })}
          />
          {check.errors.stop ? (
            <p id={`${ids}-stop-note`} className="field-message small is-error">
              {check.errors.stop}
            </p>
          ) : null}
        </div>
      ) : null}

      {check.dropped.length ? (
        <p className="muted small">Not sent, because this model does not take them: {check.dropped.join(', ')}.</p>
      ) : null}

      <details className="system-prompt" open={systemPrompt ? true : undefined}>
        <summary>System prompt{systemPrompt.trim() ? ' (set)' : ''}</summary>
        <label className="field">
          <span className="visually-hidden">System prompt</span>
          <textarea
            rows={5}
            value={systemPrompt}
            placeholder="Instructions sent before the conversation"
            onChange={(e) => onSystemPrompt(e.target.value)}
          />
        </label>
      </details>
    </aside>
  );
}

function ReasoningFields({
  form,
  offered,
  check,
  onForm,
}: {
  form: ParamForm;
  offered: Offered;
  check: FormCheck;
  onForm: (form: ParamForm) => void;
}) {
  const ids = useId();
  const error = check.errors.reasoningBudget ?? check.errors.reasoning;
  return (
    <fieldset className="reasoning-fields">
      <legend>Reasoning</legend>
      <div className="field">
        <label className="field-label" htmlFor={`${ids}-mode`}>
          Thinking
        </label>
        <select
          id={`${ids}-mode`}
          value={form.reasoningMode}
          aria-describedby={error ? `${ids}-note` : undefined}
          onChange={(e) => onForm({ ...form, reasoningMode: e.target.value as ParamForm['reasoningMode'] })}
        >
          <option value="default">Model default</option>
          <option value="effort">Effort</option>
          {offered.reasoningBudget ? <option value="budget">Token budget</option> : null}
          {offered.reasoningMandatory ? null : <option value="off">Off</option>}
        </select>
      </div>
      {form.reasoningMode === 'effort' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-effort`}>
            Effort
          </label>
          <select
            id={`${ids}-effort`}
            value={form.reasoningEffort}
            onChange={(e) => onForm({ ...form, reasoningEffort: e.target.value as ReasoningEffort })}
          >
            {offered.efforts.map((effort) => (
              <option key={effort} value={effort}>
                {effort}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {form.reasoningMode === 'budget' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-budget`}>
            Reasoning tokens
          </label>
          <input
            id={`${ids}-budget`}
            type="text"
            inputMode="numeric"
            value={form.reasoningBudget}
            aria-invalid={check.errors.reasoningBudget ? true : undefined}
            aria-describedby={error ? `${ids}-note` : undefined}
            onChange={(e) => onForm({ ...form, reasoningBudget: e.target.value })}
          />
        </div>
      ) : null}
      {form.reasoningMode !== 'off' ? (
        <label className="check-field">
          <input
            type="checkbox"
            checked={form.reasoningExclude}
            onChange={(e) => onForm({ ...form, reasoningExclude: e.target.checked })}
          />
          Hide reasoning from the answer (still billed)
        </label>
      ) : null}
      {error ? (
        <p id={`${ids}-note`} className="field-message small is-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function ModelFacts({
  model,
  typed,
  catalogLoaded,
}: {
  model: ModelSummary | null;
  typed: string;
  catalogLoaded: boolean;
}) {
  if (!model) {
    if (!typed || !catalogLoaded) return null;
    return <p className="muted small">Not in the catalog. OpenRouter will say if it does not exist.</p>;
  }
  const { pricing } = model;
  return (
    <>
      <p className="model-title small">{model.name}</p>
      <dl className="model-facts small">
        <div>
          <dt>Input $/M</dt>
          <dd className="tabular">{formatPricePerMillion(pricing.prompt, pricing.variable)}</dd>
        </div>
        <div>
          <dt>Output $/M</dt>
          <dd className="tabular">{formatPricePerMillion(pricing.completion, pricing.variable)}</dd>
        </div>
        <div>
          <dt>Context</dt>
          <dd className="tabular">{model.contextLength === null ? '—' : formatTokens(model.contextLength)}</dd>
        </div>
      </dl>
    </>
  );
}
