import { forwardRef, useId, useMemo, useRef, useState } from 'react';
import { formatPricePerMillion, formatTokens } from '@shared/format';
import type { ModelSummary } from '@shared/schemas';
import { pickerOptions } from './modelSearch';

const SHOWN = 60;

/**
 * A searchable model list (the ARIA combobox pattern): type to filter by name or id, arrow keys
 * move, Enter picks, Escape closes. Recent models come first; each option shows its price and
 * context. A model id that is not in the catalog can still be typed and used.
 */
export const ModelPicker = forwardRef<
  HTMLInputElement,
  {
    id: string;
    value: string;
    models: readonly ModelSummary[];
    recent: readonly string[];
    onChange: (modelId: string) => void;
    describedBy?: string;
  }
>(function ModelPicker({ id, value, models, recent, onChange, describedBy }, ref) {
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const shownText = text ?? value;

  const options = useMemo(
    () => (open ? pickerOptions(models, text ?? '', recent).slice(0, SHOWN) : []),
    [open, models, text, recent],
  );

  const choose = (id: string) => {
    onChange(id);
    setText(null);
    setOpen(false);
  };

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(options.length - 1, i));
    setActive(next);
    listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  const activeOption = open ? options[active] : undefined;
  return (
    <div className="model-picker">
      <input
        ref={ref}
        id={id}
        className="mono model-input"
        role="combobox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        value={shownText}
        placeholder="Search models or type an id"
        autoComplete="off"
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => {
          // A typed id that is not in the list is still a choice: OpenRouter will say if it exists.
          if (text !== null && text.trim() && text.trim() !== value) onChange(text.trim());
          setText(null);
          setOpen(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) setOpen(true);
            else moveTo(active + 1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            moveTo(active - 1);
          } else if (e.key === 'Enter' && open) {
            e.preventDefault();
            if (activeOption) choose(activeOption.model.id);
            else if (text?.trim()) choose(text.trim());
          } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            e.stopPropagation();
            setText(null);
            setOpen(false);
          }
        }}
      />
      {open && options.length > 0 ? (
        <ul ref={listRef} id={listId} role="listbox" aria-label="Models" className="model-options">
          {options.map((o, i) => (
            <li
              key={o.model.id}
              id={`${listId}-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'model-option is-active' : 'model-option'}
              // Keeps focus in the input, so the blur handler does not close the list first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(o.model.id)}
            >
              <span className="model-option-name">
                {o.recent ? <span className="model-option-tag">Recent</span> : null}
                {o.model.name}
              </span>
              <span className="model-option-id mono">{o.model.id}</span>
              <span className="model-option-facts tabular">
                {formatPricePerMillion(o.model.pricing.prompt, o.model.pricing.variable)} in ·{' '}
                {formatPricePerMillion(o.model.pricing.completion, o.model.pricing.variable)} out /M ·{' '}
                {o.model.contextLength === null ? '—' : formatTokens(o.model.contextLength)} ctx
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});
