'use client';

import { useEffect, useRef, type ReactNode } from 'react';

type Props = {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
  /**
   * Where focus goes on close when the element that opened the dialog is gone (a moved block, a deleted one);
   * asked again each frame until it finds one, `last` on the final try (answer something that is there then).
   */
  returnFocus?: (last: boolean) => HTMLElement | null | undefined;
};

/** Frames to wait for the fallback target to render (a list refilled by an event, a virtualized row scrolled in). */
const RETURN_TRIES = 60;

/** Focus back on `origin` if it is still on the page, else on what `fallback` finds once it is rendered. */
function restoreFocus(origin: Element | null, fallback: Props['returnFocus']) {
  let tries = 0;
  const attempt = () => {
    const active = document.activeElement;
    // Something else took focus meanwhile (another dialog, the user): leave it there.
    if (active && active !== document.body && active.isConnected && !active.closest('dialog:not([open])')) return;
    // The body is no origin: what opened the dialog had gone already (an Undo button in a toast that closed).
    const back = origin instanceof HTMLElement && origin !== document.body && origin.isConnected;
    const target = back ? origin : fallback?.(++tries >= RETURN_TRIES);
    if (target) target.focus();
    else if (tries < RETURN_TRIES) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/**
 * A modal on the native <dialog>: focus moves in, and back to what opened it
 * (or `returnFocus`) when it closes or unmounts; Escape closes; the rest of
 * the page is inert while it is open.
 */
export function Dialog({ open, onClose, title, children, wide, returnFocus }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const origin = useRef<Element | null>(null);
  const fallback = useRef(returnFocus);
  fallback.current = returnFocus;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      origin.current = document.activeElement;
      d.showModal();
    }
    if (!open && d.open) {
      d.close();
      restoreFocus(origin.current, fallback.current);
      origin.current = null;
    }
  }, [open]);
  // Unmounted while open (the board drops its dialog on close): the browser's own return does not happen then.
  useEffect(
    () => () => {
      if (origin.current) restoreFocus(origin.current, fallback.current);
    },
    [],
  );
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      aria-labelledby="dialog-title"
      className={`m-auto w-full ${wide ? 'max-w-3xl' : 'max-w-lg'} rounded-xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40`}
    >
      {open ? (
        <div className="p-6">
          <div className="mb-4 flex items-start justify-between gap-4">
            <h2 id="dialog-title" className="text-lg font-semibold">
              {title}
            </h2>
            <button type="button" onClick={onClose} aria-label="Close" className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900">
              ✕
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
