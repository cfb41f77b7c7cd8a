import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '@shared/schemas';
import { testModel } from '../../../test/fixtures';
import models from '../../../../fake-openrouter/data/models-2026-08.json';
import { checkForm, emptyForm, formFromParams, offeredFor, type ParamForm } from './paramsForm';

function model(extra: Partial<ModelSummary> = {}): ModelSummary {
  return testModel('acme/m-1', {
    maxCompletionTokens: 8000,
    contextLength: 100_000,
    supportedParameters: [
      'temperature',
      'top_p',
      'max_tokens',
      'stop',
      'seed',
      'reasoning',
      'verbosity',
      'logprobs',
      'top_logprobs',
    ],
    reasoning: { mandatory: false, defaultEnabled: true, supportedEfforts: ['high', 'low'], supportsMaxTokens: true },
    defaultParameters: { temperature: 1 },
    ...extra,
  });
}

const form = (patch: Partial<ParamForm>): ParamForm => ({ ...emptyForm, ...patch });

describe('offeredFor', () => {
  it("offers exactly the model's supported parameters", () => {
    const offered = offeredFor(model());
    expect(offered.numbers.map((f) => f.key)).toEqual(['temperature', 'max_tokens', 'top_p', 'seed', 'top_logprobs']);
    expect(offered).toMatchObject({
      stop: true,
      logprobs: true,
      verbosity: true,
      reasoning: true,
      reasoningBudget: true,
    });
    expect(offered.efforts).toEqual(['high', 'low']);
  });

  it('offers the common fields for a model that is not in the catalog', () => {
    expect(offeredFor(null).numbers.map((f) => f.key)).toEqual(['temperature', 'max_tokens', 'top_p', 'seed']);
  });

  it('reads every model of the real catalog without failing', () => {
    // The fake serves the real catalog; its parser is tested in core. Here: fields are offered.
    const raw = (models as { data: Array<{ supported_parameters?: string[] }> }).data;
    const withTemperature = raw.filter((m) => m.supported_parameters?.includes('temperature')).length;
    expect(withTemperature).toBeGreaterThan(100);
  });
});

describe('checkForm', () => {
  const m = model();
  const offered = offeredFor(m);

  it('turns typed text into parameters, with a comma read as the decimal point', () => {
    const check = checkForm(form({ numbers: { temperature: '0,7', max_tokens: '500', seed: '-3' } }), offered, m);
    expect(check.params).toEqual({ temperature: 0.7, max_tokens: 500, seed: -3 });
    expect(check.errors).toEqual({});
  });

  it('refuses what cannot be read instead of silently using the default', () => {
    for (const bad of ['1e0', '0x1', 'Infinity', '3', '-0.1', 'abc']) {
      const check = checkForm(form({ numbers: { temperature: bad } }), offered, m);
      expect(check.params, bad).toBeNull();
      expect(check.errors.temperature).toMatch(/Temperature must be a number from 0 to 2/);
    }
    expect(checkForm(form({ numbers: { max_tokens: '1.5' } }), offered, m).errors.max_tokens).toMatch(/whole number/);
  });

  it('warns when max tokens is over what the model can write', () => {
    const check = checkForm(form({ numbers: { max_tokens: '9000' } }), offered, m);
    expect(check.params).toEqual({ max_tokens: 9000 });
    expect(check.warnings.max_tokens).toMatch(/at most 8,000 tokens/);
  });

  it('leaves out, and names, values the model does not take', () => {
    const check = checkForm(form({ numbers: { temperature: '1', top_k: '40' } }), offered, m);
    expect(check.params).toEqual({ temperature: 1 });
    expect(check.dropped).toEqual(['Top K']);
  });

  it('reads stop sequences one per line, at most four', () => {
    expect(checkForm(form({ stop: 'END\n\n###' }), offered, m).params).toEqual({ stop: ['END', '###'] });
    expect(checkForm(form({ stop: 'a\nb\nc\nd\ne' }), offered, m).errors.stop).toMatch(/At most 4/);
  });

  it('builds the reasoning object: effort, budget, off, exclude', () => {
    expect(checkForm(form({ reasoningMode: 'effort', reasoningEffort: 'low' }), offered, m).params).toEqual({
      reasoning: { effort: 'low' },
    });
    expect(
      checkForm(form({ reasoningMode: 'budget', reasoningBudget: '2048', reasoningExclude: true }), offered, m).params,
    ).toEqual({ reasoning: { max_tokens: 2048, exclude: true } });
    expect(checkForm(form({ reasoningMode: 'off' }), offered, m).params).toEqual({ reasoning: { effort: 'none' } });
    expect(
      checkForm(form({ reasoningMode: 'budget', reasoningBudget: 'lots' }), offered, m).errors.reasoningBudget,
    ).toBeDefined();
  });

  it('will not turn reasoning off for a model that always reasons', () => {
    const mandatory = model({
      reasoning: { mandatory: true, defaultEnabled: true, supportedEfforts: null, supportsMaxTokens: false },
    });
    const check = checkForm(form({ reasoningMode: 'off' }), offeredFor(mandatory), mandatory);
    expect(check.params).toBeNull();
    expect(check.errors.reasoning).toMatch(/always reasons/);
  });

  it('asks for logprobs before top logprobs', () => {
    expect(checkForm(form({ numbers: { top_logprobs: '5' } }), offered, m).errors.top_logprobs).toMatch(/Logprobs/);
    expect(checkForm(form({ numbers: { top_logprobs: '5' }, logprobs: true }), offered, m).params).toEqual({
      top_logprobs: 5,
      logprobs: true,
    });
  });
});

describe('formFromParams', () => {
  it('round-trips what a conversation stored', () => {
    const m = model();
    const params = {
      temperature: 0.3,
      stop: ['x'],
      verbosity: 'low' as const,
      reasoning: { max_tokens: 100, exclude: true },
    };
    expect(checkForm(formFromParams(params), offeredFor(m), m).params).toEqual(params);
  });
});
