'use client';

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type PatternedProps = {
  id: string;
  /** The caller's value ('' when empty): 'YYYY-MM-DD', 'HH:mm' or 'YYYY-MM-DDTHH:mm'. */
  value: string;
  /**
   * Called with the value as soon as the text reads as one, with '' when cleared, and, when
   * `reportInvalid` is set, with the typed text itself while it does not read (a caller's own
   * check then refuses it instead of keeping the last good value).
   */
  onChange: (value: string) => void;
  disabled?: boolean;
  required?: boolean;
  /** The caller's error (Field's `${id}-error`) besides the component's own. */
  invalid?: boolean;
  reportInvalid?: boolean;
  className?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
};

type Codec = {
  format: (value: string) => string;
  /** `strict`: while typing, only a complete text counts (no two-digit year). */
  parse: (text: string, strict: boolean) => string | null;
  step: (value: string, direction: 1 | -1) => string;
  placeholder: string;
  /** "Enter a date as DD/MM/YYYY". */
  problem: string;
  width: string;
};

const boxClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm tabular-nums shadow-sm placeholder:text-slate-500 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 aria-[invalid=true]:border-red-500 disabled:bg-slate-50';

/**
 * A text input in the site locale's pattern, for dates and times: shows and reads that pattern,
 * steps with ↑/↓, says when the text cannot be read; the caller sees ISO values only.
 */
export function PatternedInput({
  id,
  value,
  onChange,
  disabled,
  required,
  invalid,
  reportInvalid,
  className,
  onKeyDown,
  codec,
  children,
}: PatternedProps & {
  codec: Codec;
  children?: ReactNode;
}) {
  const shown = (v: string) => (v && codec.parse(v, false) === v ? codec.format(v) : v);
  const [text, setText] = useState(() => shown(value));
  const [unreadable, setUnreadable] = useState(false);
  const sent = useRef(value);
  // A value set from outside (a preset, a reset, the calendar) replaces the text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new value from the caller rewrites the text
  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(shown(value));
    setUnreadable(false);
  }, [value]);

  const send = (v: string) => {
    sent.current = v;
    if (v !== value) onChange(v);
  };

  const type = (t: string) => {
    setText(t);
    if (!t.trim()) {
      setUnreadable(false);
      return send('');
    }
    const read = codec.parse(t, true);
    if (read) {
      setUnreadable(false);
      send(read);
    } else if (reportInvalid) send(t);
  };

  // Leaving the field writes the text in the pattern, or says that it cannot be read.
  const settle = () => {
    if (!text.trim()) return;
    const read = codec.parse(text, false);
    if (read) {
      setText(codec.format(read));
      setUnreadable(false);
      send(read);
    } else setUnreadable(true);
  };

  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const base = codec.parse(text, false) ?? (value && codec.parse(value, false));
      if (base) {
        e.preventDefault();
        const next = codec.step(base, e.key === 'ArrowUp' ? 1 : -1);
        setText(codec.format(next));
        setUnreadable(false);
        send(next);
      }
    } else if (e.key === 'Enter') settle();
    onKeyDown?.(e);
  };

  const described = [invalid ? `${id}-error` : null, unreadable ? `${id}-format` : `${id}-pattern`].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <div className="flex items-stretch gap-1">
        <input
          id={id}
          type="text"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder={codec.placeholder}
          disabled={disabled}
          required={required}
          aria-invalid={invalid || unreadable || undefined}
          aria-describedby={described}
          onChange={(e) => type(e.target.value)}
          onBlur={settle}
          onKeyDown={keyDown}
          className={`${boxClass} ${codec.width}`}
        />
        {children}
      </div>
      <span id={`${id}-pattern`} className="sr-only">
        {`Format ${codec.placeholder}; arrow keys up and down step.`}
      </span>
      {unreadable ? (
        <p id={`${id}-format`} role="alert" className="mt-1 text-xs font-medium text-red-700">
          {codec.problem}
        </p>
      ) : null}
    </div>
  );
}
