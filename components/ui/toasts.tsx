'use client';

import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type Toast = { id: number; text: string; tone: 'info' | 'error' | 'success' };
const ToastContext = createContext<(text: string, tone?: Toast['tone']) => void>(() => {});

/** Announces short messages in a polite live region; each disappears after 5 s. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: string, tone: Toast['tone'] = 'info') => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 5_000);
  }, []);
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
            className={`pointer-events-auto rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ${
              t.tone === 'error'
                ? 'bg-red-50 text-red-900 ring-red-200'
                : t.tone === 'success'
                  ? 'bg-emerald-50 text-emerald-900 ring-emerald-200'
                  : 'bg-white text-slate-900 ring-slate-200'
            }`}
          >
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
