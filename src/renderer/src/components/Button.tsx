import { forwardRef, type ButtonHTMLAttributes } from 'react';
import './Button.css';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'quiet';

/** The class names of a button look, for links and labels that should look like one. */
export function buttonClass(variant: ButtonVariant = 'default', small = false, extra?: string): string {
  return ['button', variant === 'default' ? null : `button-${variant}`, small ? 'button-small' : null, extra]
    .filter(Boolean)
    .join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  small?: boolean;
}

/** A button that never submits a form by accident (type="button" unless told otherwise). */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'default', small = false, className, type = 'button', ...rest },
  ref,
) {
  return <button ref={ref} type={type} className={buttonClass(variant, small, className)} {...rest} />;
});
