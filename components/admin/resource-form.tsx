'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button, Field, Select, TextInput } from '@/components/ui/controls';
import { DateTimeInput } from '@/components/ui/date-input';
import { ActionError } from '@/lib/action-result';
import { statusStyle } from '@/lib/status-colors';

export type FormValues = Record<string, string | boolean>;

export type FieldSpec = {
  /** The field's name in the API body: 422 messages are matched by it. */
  name: string;
  label: string;
  /** `checkboxes`: several of `options`, the value their comma-separated list. */
  type: 'text' | 'email' | 'password' | 'number' | 'select' | 'checkbox' | 'checkboxes' | 'datetime-local' | 'textarea' | 'color';
  options?: { value: string; label: string }[];
  hint?: string;
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  /** Takes the whole row of the two-column grid. */
  wide?: boolean;
  /** Shown only while the form's values pass this (e.g. the carrier of a carrier user). */
  shownWhen?: (values: FormValues) => boolean;
};

type Props = {
  fields: FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  onSubmit: (values: FormValues) => Promise<void>;
  onCancel: () => void;
};

const textareaClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 aria-[invalid=true]:border-red-500';

const PALETTE = ['blue', 'cyan', 'green', 'yellow', 'orange', 'red', 'purple', 'gray'];

/**
 * A form driven by a field list. The server action validates: its field
 * messages are shown under their fields, any other refusal (400, 409, …) above the buttons.
 */
export function ResourceForm({ fields, initial, submitLabel, onSubmit, onCancel }: Props) {
  const formId = useId();
  const [values, setValues] = useState<FormValues>(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [pending, setPending] = useState(false);
  const idOf = (name: string) => `${formId}-${name}`;
  const formRef = useRef<HTMLFormElement>(null);

  // Start on the first field (the dialog would focus its Close button); after showModal() has run.
  useEffect(() => {
    const frame = requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  const set = (name: string, value: string | boolean) => {
    setValues((v) => ({ ...v, [name]: value }));
    // A corrected field loses its message; the others keep theirs until the next save.
    setFieldErrors((e) => (name in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== name)) : e));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setFormError('');
    setFieldErrors({});
    try {
      await onSubmit(values);
    } catch (error) {
      if (error instanceof ActionError && error.result.kind === 'invalid') {
        const known = new Set(fields.map((f) => f.name));
        const errors = error.fieldErrors;
        const mine = Object.fromEntries(Object.entries(errors).filter(([k]) => known.has(k)));
        const rest = Object.entries(errors).filter(([k]) => !known.has(k));
        setFieldErrors(mine);
        setFormError(rest.map(([k, m]) => (k === '_' ? m : `${k}: ${m}`)).join(' '));
        const first = fields.find((f) => mine[f.name]);
        if (first) requestAnimationFrame(() => document.getElementById(idOf(first.name))?.focus());
      } else {
        setFormError(error instanceof Error ? error.message : 'Saving failed');
      }
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-5">
      <div className="grid grid-cols-1 gap-x-4 gap-y-4 sm:grid-cols-2">
        {fields.map((f) => {
          if (f.shownWhen && !f.shownWhen(values)) return null;
          const id = idOf(f.name);
          const error = fieldErrors[f.name];
          const value = values[f.name];
          const wide = f.wide || f.type === 'textarea' || f.type === 'checkbox' || f.type === 'checkboxes' || f.type === 'color' ? 'sm:col-span-2' : '';
          if (f.type === 'checkboxes') {
            return <CheckboxList key={f.name} id={id} field={f} value={String(value ?? '')} error={error} className={wide} onChange={(v) => set(f.name, v)} />;
          }
          if (f.type === 'checkbox') {
            return (
              <div key={f.name} className={wide}>
                <div className="flex items-start gap-3 rounded-lg border border-slate-200 px-3 py-2.5">
                  <input
                    id={id}
                    type="checkbox"
                    checked={value === true}
                    onChange={(e) => set(f.name, e.target.checked)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : f.hint ? `${id}-hint` : undefined}
                    className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-blue-700"
                  />
                  <div>
                    <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                      {f.label}
                    </label>
                    {f.hint ? (
                      <p id={`${id}-hint`} className="text-xs text-slate-500">
                        {f.hint}
                      </p>
                    ) : null}
                  </div>
                </div>
                {error ? (
                  <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
                    {error}
                  </p>
                ) : null}
              </div>
            );
          }
          const common = {
            id,
            name: f.name,
            required: f.required,
            invalid: Boolean(error),
            value: String(value ?? ''),
          };
          return (
            <div key={f.name} className={wide}>
              <Field label={f.label} id={id} error={error} hint={f.hint}>
                {f.type === 'select' ? (
                  <Select {...common} onChange={(e) => set(f.name, e.target.value)}>
                    {f.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                ) : f.type === 'textarea' ? (
                  <textarea
                    id={id}
                    name={f.name}
                    rows={3}
                    value={String(value ?? '')}
                    maxLength={f.maxLength}
                    placeholder={f.placeholder}
                    onChange={(e) => set(f.name, e.target.value)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    className={textareaClass}
                  />
                ) : f.type === 'datetime-local' ? (
                  <DateTimeInput id={id} value={common.value} invalid={common.invalid} required={f.required} onChange={(v) => set(f.name, v)} />
                ) : f.type === 'color' ? (
                  <ColorInput id={id} common={common} placeholder={f.placeholder} onChange={(v) => set(f.name, v)} />
                ) : (
                  <TextInput
                    {...common}
                    type={f.type}
                    placeholder={f.placeholder}
                    autoComplete={f.autoComplete}
                    maxLength={f.maxLength}
                    step={f.type === 'number' ? 1 : undefined}
                    onChange={(e) => set(f.name, e.target.value)}
                  />
                )}
              </Field>
            </div>
          );
        })}
      </div>
      {formError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" tone="primary" disabled={pending} className="min-w-24">
          {pending ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** Several choices in a compact grid (e.g. event types); the value is their comma-separated list. */
function CheckboxList({
  id,
  field: f,
  value,
  error,
  className,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  value: string;
  error?: string;
  className: string;
  onChange: (value: string) => void;
}) {
  const chosen = new Set(value.split(',').filter(Boolean));
  const toggle = (option: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(option);
    else next.delete(option);
    onChange((f.options ?? []).flatMap((o) => (next.has(o.value) ? [o.value] : [])).join(','));
  };
  return (
    <fieldset className={className} aria-describedby={error ? `${id}-error` : f.hint ? `${id}-hint` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{f.label}</legend>
      {f.hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {f.hint}
        </p>
      ) : null}
      <div className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1.5 rounded-lg border border-slate-200 px-3 py-2.5 sm:grid-cols-3">
        {(f.options ?? []).map((o, i) => (
          <label key={o.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              id={i === 0 ? id : undefined}
              type="checkbox"
              checked={chosen.has(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
              className="h-4 w-4 rounded border-slate-300 accent-blue-700"
            />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A colour name or #hex, with a live swatch and a palette of the named colours. */
function ColorInput({
  id,
  common,
  placeholder,
  onChange,
}: {
  id: string;
  common: { name: string; required?: boolean; invalid: boolean; value: string };
  placeholder?: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <Swatch color={common.value} />
        <TextInput {...common} id={id} placeholder={placeholder} autoComplete="off" onChange={(e) => onChange(e.target.value.trim())} />
      </div>
      <fieldset className="flex flex-wrap gap-1.5" aria-label="Named colours">
        {PALETTE.map((c) => (
          <button
            key={c}
            type="button"
            onClick={() => onChange(c)}
            aria-label={`Use ${c}`}
            aria-pressed={common.value === c}
            title={c}
            className="rounded-full p-0.5 ring-offset-1 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/50 aria-pressed:ring-2 aria-pressed:ring-slate-400"
          >
            <Swatch color={c} small />
          </button>
        ))}
      </fieldset>
    </div>
  );
}

/** The colour a status gets on the board (its label is always shown next to it). */
export function Swatch({ color, small }: { color: string; small?: boolean }) {
  const style = statusStyle(color || 'gray');
  return (
    <span
      aria-hidden
      className={`inline-block shrink-0 rounded-full border-2 ${small ? 'h-5 w-5' : 'h-7 w-7'}`}
      style={{ background: style.bg, borderColor: style.border }}
    />
  );
}

/** A number input's value for the API: empty means "leave it to the server". */
export const optionalNumber = (v: string | boolean | undefined) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined);
