/**
 * The request parameters as the user types them. Each number is kept as typed text and checked
 * here: a value that cannot be read is an error, never silently the model's default. Which
 * fields are offered follows the model's `supported_parameters`; its `default_parameters` are
 * shown as placeholders.
 */
import { formatCount } from '@shared/format';
import type { ChatParams, ModelSummary, ReasoningEffort } from '@shared/schemas';

type NumberKey =
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'min_p'
  | 'top_a'
  | 'max_tokens'
  | 'seed'
  | 'frequency_penalty'
  | 'presence_penalty'
  | 'repetition_penalty'
  | 'top_logprobs';

export interface NumberField {
  key: NumberKey;
  label: string;
  /** decimal: 0.7; whole: 0, 1, 2…; integer: may be negative. */
  kind: 'decimal' | 'whole' | 'integer';
  min?: number;
  max?: number;
  /** min is excluded (repetition penalty must be above 0). */
  minExclusive?: boolean;
  hint: string;
}

export const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'temperature', label: 'Temperature', kind: 'decimal', min: 0, max: 2, hint: 'a number from 0 to 2, like 0.7' },
  { key: 'max_tokens', label: 'Max tokens', kind: 'whole', min: 1, hint: 'a whole number above 0' },
  { key: 'top_p', label: 'Top P', kind: 'decimal', min: 0, max: 1, hint: 'a number from 0 to 1' },
  { key: 'top_k', label: 'Top K', kind: 'whole', min: 0, hint: 'a whole number, 0 or more' },
  { key: 'min_p', label: 'Min P', kind: 'decimal', min: 0, max: 1, hint: 'a number from 0 to 1' },
  { key: 'top_a', label: 'Top A', kind: 'decimal', min: 0, max: 1, hint: 'a number from 0 to 1' },
  {
    key: 'frequency_penalty',
    label: 'Frequency penalty',
    kind: 'decimal',
    min: -2,
    max: 2,
    hint: 'a number from -2 to 2',
  },
  {
    key: 'presence_penalty',
    label: 'Presence penalty',
    kind: 'decimal',
    min: -2,
    max: 2,
    hint: 'a number from -2 to 2',
  },
  {
    key: 'repetition_penalty',
    label: 'Repetition penalty',
    kind: 'decimal',
    min: 0,
    minExclusive: true,
    max: 2,
    hint: 'a number above 0, up to 2',
  },
  { key: 'seed', label: 'Seed', kind: 'integer', hint: 'a whole number' },
  { key: 'top_logprobs', label: 'Top logprobs', kind: 'whole', min: 0, max: 20, hint: 'a whole number from 0 to 20' },
];

export const VERBOSITY = ['low', 'medium', 'high'] as const;
const DEFAULT_EFFORTS: readonly ReasoningEffort[] = ['high', 'medium', 'low', 'minimal'];

/** Everything the panel shows, as typed. */
export interface ParamForm {
  numbers: Partial<Record<NumberKey, string>>;
  /** One stop sequence per line. */
  stop: string;
  logprobs: boolean;
  verbosity: '' | (typeof VERBOSITY)[number];
  reasoningMode: 'default' | 'effort' | 'budget' | 'off';
  reasoningEffort: ReasoningEffort;
  reasoningBudget: string;
  reasoningExclude: boolean;
}

export const emptyForm: ParamForm = {
  numbers: {},
  stop: '',
  logprobs: false,
  verbosity: '',
  reasoningMode: 'default',
  reasoningEffort: 'medium',
  reasoningBudget: '',
  reasoningExclude: false,
};

/** A conversation's stored parameters, back into the panel's text. */
export function formFromParams(params: ChatParams): ParamForm {
  const numbers: ParamForm['numbers'] = {};
  for (const f of NUMBER_FIELDS) {
    const v = params[f.key];
    if (typeof v === 'number') numbers[f.key] = String(v);
  }
  const r = params.reasoning;
  return {
    numbers,
    stop: (params.stop ?? []).join('\n'),
    logprobs: params.logprobs === true,
    verbosity:
      params.verbosity && (VERBOSITY as readonly string[]).includes(params.verbosity)
        ? (params.verbosity as ParamForm['verbosity'])
        : '',
    reasoningMode: !r
      ? 'default'
      : r.enabled === false || r.effort === 'none'
        ? 'off'
        : r.max_tokens !== undefined
          ? 'budget'
          : r.effort
            ? 'effort'
            : 'default',
    reasoningEffort: r?.effort && r.effort !== 'none' ? r.effort : 'medium',
    reasoningBudget: r?.max_tokens !== undefined ? String(r.max_tokens) : '',
    reasoningExclude: r?.exclude === true,
  };
}

/** What a model lets the panel offer (everything common when the model is not in the catalog). */
export interface Offered {
  numbers: NumberField[];
  stop: boolean;
  logprobs: boolean;
  verbosity: boolean;
  reasoning: boolean;
  efforts: readonly ReasoningEffort[];
  /** The reasoning budget is accepted (reasoning.supports_max_tokens in the catalog). */
  reasoningBudget: boolean;
  /** The model always reasons; it cannot be turned off. */
  reasoningMandatory: boolean;
}

const UNKNOWN_MODEL_FIELDS: ReadonlySet<string> = new Set(['temperature', 'max_tokens', 'top_p', 'seed']);

export function offeredFor(model: ModelSummary | null): Offered {
  if (!model) {
    return {
      numbers: NUMBER_FIELDS.filter((f) => UNKNOWN_MODEL_FIELDS.has(f.key)),
      stop: true,
      logprobs: false,
      verbosity: false,
      reasoning: false,
      efforts: DEFAULT_EFFORTS,
      reasoningBudget: false,
      reasoningMandatory: false,
    };
  }
  const supported = new Set(model.supportedParameters);
  const reasoning = supported.has('reasoning') || supported.has('include_reasoning') || model.reasoning !== null;
  const efforts = (model.reasoning?.supportedEfforts ?? DEFAULT_EFFORTS).filter(
    (e): e is ReasoningEffort => e !== 'none',
  );
  return {
    numbers: NUMBER_FIELDS.filter((f) =>
      f.key === 'max_tokens'
        ? supported.has('max_tokens') || supported.has('max_completion_tokens')
        : supported.has(f.key),
    ),
    stop: supported.has('stop'),
    logprobs: supported.has('logprobs'),
    verbosity: supported.has('verbosity'),
    reasoning,
    efforts: efforts.length ? efforts : DEFAULT_EFFORTS,
    reasoningBudget: model.reasoning?.supportsMaxTokens === true,
    reasoningMandatory: model.reasoning?.mandatory === true,
  };
}

// Plain decimals only: Number() would also take "1e0", "0x1" and "Infinity". A comma is read as
// the decimal point some keyboards type.
const DECIMAL = /^-?(\d+([.,]\d*)?|[.,]\d+)$/;
const WHOLE = /^\d+$/;
const INTEGER = /^-?\d+$/;

function readNumber(field: NumberField, text: string): { value: number } | { error: string } {
  const t = text.trim();
  const pattern = field.kind === 'decimal' ? DECIMAL : field.kind === 'whole' ? WHOLE : INTEGER;
  const value = pattern.test(t) ? Number(t.replace(',', '.')) : Number.NaN;
  const ok =
    Number.isFinite(value) &&
    (field.kind === 'decimal' || Number.isSafeInteger(value)) &&
    (field.min === undefined || (field.minExclusive ? value > field.min : value >= field.min)) &&
    (field.max === undefined || value <= field.max);
  return ok ? { value } : { error: `${field.label} must be ${field.hint}, or empty for the model's default.` };
}

export interface FormCheck {
  /** What to send; null while a field cannot be read. */
  params: ChatParams | null;
  /** Per field key (numbers, 'stop', 'reasoningBudget'): why it cannot be sent as typed. */
  errors: Record<string, string>;
  /** Sendable, but probably refused or capped by the chosen model. */
  warnings: Record<string, string>;
  /** Fields that are set but that this model does not take, so they are not sent. */
  dropped: string[];
}

/** The parameters to send for `offered`, or why not. Values the model does not take are left out. */
export function checkForm(form: ParamForm, offered: Offered, model: ModelSummary | null): FormCheck {
  const params: ChatParams = {};
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  const dropped: string[] = [];
  const offeredKeys = new Set(offered.numbers.map((f) => f.key));

  for (const field of NUMBER_FIELDS) {
    const text = form.numbers[field.key]?.trim();
    if (!text) continue;
    if (!offeredKeys.has(field.key)) {
      dropped.push(field.label);
      continue;
    }
    const read = readNumber(field, text);
    if ('error' in read) errors[field.key] = read.error;
    else params[field.key] = read.value;
  }

  if (params.max_tokens !== undefined && model) {
    if (model.maxCompletionTokens !== null && params.max_tokens > model.maxCompletionTokens) {
      warnings.max_tokens = `This model writes at most ${formatCount(model.maxCompletionTokens)} tokens per answer; OpenRouter may refuse the request or cut the answer there.`;
    } else if (model.contextLength !== null && params.max_tokens > model.contextLength) {
      warnings.max_tokens = `More than this model's whole context of ${formatCount(model.contextLength)} tokens; OpenRouter will likely refuse the request.`;
    }
  }

  const stops = form.stop
    .split('\n')
    .map((s) => s.replace(/\r$/, ''))
    .filter((s) => s.length > 0);
  if (stops.length) {
    if (!offered.stop) dropped.push('Stop sequences');
    else if (stops.length > 4) errors.stop = 'At most 4 stop sequences, one per line.';
    else if (stops.some((s) => s.length > 500)) errors.stop = 'A stop sequence can be at most 500 characters.';
    else params.stop = stops;
  }

  if (form.logprobs) {
    if (offered.logprobs) params.logprobs = true;
    else dropped.push('Logprobs');
  }
  if (params.top_logprobs !== undefined && !params.logprobs) {
    errors.top_logprobs = 'Top logprobs needs Logprobs turned on.';
  }

  if (form.verbosity) {
    if (offered.verbosity) params.verbosity = form.verbosity;
    else dropped.push('Verbosity');
  }

  if (form.reasoningMode !== 'default' || form.reasoningExclude) {
    if (!offered.reasoning) {
      dropped.push('Reasoning');
    } else if (form.reasoningMode === 'off') {
      if (offered.reasoningMandatory) errors.reasoning = 'This model always reasons; reasoning cannot be turned off.';
      else params.reasoning = { effort: 'none' };
    } else {
      const reasoning: NonNullable<ChatParams['reasoning']> = {};
      if (form.reasoningMode === 'effort') reasoning.effort = form.reasoningEffort;
      if (form.reasoningMode === 'budget') {
        const t = form.reasoningBudget.trim();
        if (WHOLE.test(t) && Number(t) >= 1 && Number.isSafeInteger(Number(t))) reasoning.max_tokens = Number(t);
        else errors.reasoningBudget = 'The reasoning budget must be a whole number of tokens above 0.';
      }
      if (form.reasoningExclude) reasoning.exclude = true;
      params.reasoning = reasoning;
    }
  }

  return { params: Object.keys(errors).length ? null : params, errors, warnings, dropped };
}
