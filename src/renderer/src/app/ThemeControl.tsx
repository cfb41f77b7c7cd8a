import type { Theme } from '@shared/schemas';

const options: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'dark', label: 'Dark' },
  { value: 'light', label: 'Light' },
];

/** A segmented control built from real radio buttons, so keyboard and screen readers just work. */
export function ThemeControl({
  theme,
  onChange,
  disabled = false,
}: {
  theme: Theme;
  onChange: (theme: Theme) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="segmented" disabled={disabled}>
      <legend className="segmented-legend">Theme</legend>
      <div className="segmented-options">
        {options.map((option) => (
          <label key={option.value} className={theme === option.value ? 'is-selected' : undefined}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
