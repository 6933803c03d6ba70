'use client';

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/** A button on a toast ("Undo"); `undo` also binds Ctrl+Z / Cmd+Z to it while the toast lives. */
export type ToastAction = { label: string; run: () => void; undo?: boolean };
type Tone = 'info' | 'error' | 'success';
type Toast = { id: number; text: string; tone: Tone; action?: ToastAction };
type Push = (text: string, tone?: Tone, action?: ToastAction) => void;
const ToastContext = createContext<Push>(() => {});

const LIFETIME_MS = 5_000;
/** Long enough to read the toast, reach its button with the keyboard and decide. */
const ACTION_LIFETIME_MS = 10_000;

/** Whether a key press is typing: Ctrl+Z there undoes the text, not the toast's change. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as (HTMLElement & { type?: string }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (el.isContentEditable || tag === 'textarea' || tag === 'select') return true;
  return tag === 'input' && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type ?? '');
}

/** Announces short messages in a polite live region; each disappears after 5 s, one with a button after 10 s. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback<Push>(
    (text, tone = 'info', action) => {
      const id = Date.now() + Math.random();
      setToasts((t) => [...t.slice(-3), { id, text, tone, action }]);
      setTimeout(() => dismiss(id), action ? ACTION_LIFETIME_MS : LIFETIME_MS);
    },
    [dismiss],
  );
  const run = useCallback(
    (t: Toast) => {
      dismiss(t.id);
      t.action?.run();
    },
    [dismiss],
  );
  // Ctrl+Z / Cmd+Z: the newest undo still on screen, unless the user is typing or a dialog is open.
  const latest = useRef<Toast | undefined>(undefined);
  latest.current = [...toasts].reverse().find((t) => t.action?.undo);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      const t = latest.current;
      if (!t || typingIn(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      run(t);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);
  // A popover sits in the top layer, above an open modal <dialog> and its backdrop;
  // showing it again after each toast keeps it above a dialog opened later.
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = region.current;
    if (!el || typeof el.showPopover !== 'function') return;
    if (el.matches(':popover-open')) el.hidePopover();
    if (toasts.length) el.showPopover();
  }, [toasts]);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div
        ref={region}
        popover="manual"
        aria-live="polite"
        role="status"
        className="pointer-events-none fixed inset-auto right-4 bottom-4 m-0 flex w-96 max-w-[90vw] flex-col gap-2 overflow-visible border-0 bg-transparent p-0"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            data-testid="toast"
            // Clicks and drags go through a toast to the board under it; only its button takes the pointer.
            className={`flex items-center justify-between gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ${
              t.tone === 'error'
                ? 'bg-red-50 text-red-900 ring-red-200'
                : t.tone === 'success'
                  ? 'bg-emerald-50 text-emerald-900 ring-emerald-200'
                  : 'bg-white text-slate-900 ring-slate-200'
            }`}
          >
            <span>{t.text}</span>
            {t.action ? (
              <button
                type="button"
                onClick={() => run(t)}
                aria-keyshortcuts={t.action.undo ? 'Control+Z Meta+Z' : undefined}
                className="pointer-events-auto shrink-0 rounded border border-current px-2 py-0.5 text-xs font-semibold hover:bg-white/60 focus-visible:ring-2 focus-visible:ring-blue-700 focus-visible:outline-none"
              >
                {t.action.label}
              </button>
            ) : null}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
