// A text field of the plan editor: it shows its own text while typed (so "1." or "0,5" can be on
// the way to a number) and reports each parsed value, or says what it expected.

import { useState } from 'react';
import type { ReactNode } from 'react';

/** A text field that shows its own text while typed and reports a parsed value (or an error). */
export function Field<T>({
  id,
  label,
  initial,
  read,
  expected,
  onValue,
}: {
  id: string;
  label: ReactNode;
  initial: string;
  read: (text: string) => T | null;
  expected: string;
  onValue: (value: T) => void;
}) {
  const [text, setText] = useState(initial);
  const bad = read(text) === null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={text}
        aria-invalid={bad}
        aria-describedby={bad ? `${id}-error` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const value = read(event.target.value);
          if (value !== null) onValue(value);
        }}
      />
      {bad && (
        <span id={`${id}-error`} className="error-text small">
          Expected {expected}
        </span>
      )}
    </div>
  );
}
