"use client";

import type { ButtonHTMLAttributes } from "react";

/**
 * A form's submit button that stays focusable while the form is pending: `aria-disabled` instead of `disabled`,
 * because disabling the focused button drops keyboard focus to the page body and a screen reader loses its place
 * (issue 19, item 4). A click while unavailable does nothing.
 */
export function SubmitButton({ unavailable, className = "", onClick, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { unavailable: boolean }) {
  return (
    <button
      type="submit"
      {...rest}
      aria-disabled={unavailable || undefined}
      onClick={(event) => {
        if (unavailable) event.preventDefault();
        else onClick?.(event);
      }}
      className={`${className} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
    />
  );
}
