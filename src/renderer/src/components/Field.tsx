import { useId, type ReactNode } from 'react';

export interface FieldProps {
  label: ReactNode;
  /** An error (the value cannot be used) or a warning (it can, but probably should not). */
  message?: { text: string; tone: 'error' | 'warning' } | null;
  className?: string;
  /** Renders the control with the ids that tie it to its label and message. */
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

/** A labelled control with its message under it, announced with the control. */
export function Field({ label, message, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        ...(message ? { 'aria-describedby': messageId } : {}),
        ...(message?.tone === 'error' ? { 'aria-invalid': true as const } : {}),
      })}
      {message ? (
        <p id={messageId} className={`field-message small is-${message.tone}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A number typed as text: a number input would show "1e" but report it as empty, and a request
 * would silently go out with the default. The caller checks the text and passes the message.
 */
export function NumberField({
  label,
  value,
  onChange,
  placeholder,
  decimal = false,
  message,
}: {
  label: ReactNode;
  value: string;
  onChange: (text: string) => void;
  placeholder?: string;
  decimal?: boolean;
  message?: FieldProps['message'];
}) {
  return (
    <Field label={label} message={message ?? null}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode={decimal ? 'decimal' : 'numeric'}
          value={value}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
