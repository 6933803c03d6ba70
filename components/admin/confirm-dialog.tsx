'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/controls';
import { Dialog } from '@/components/ui/dialog';

export type ConfirmRequest = {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  run: () => Promise<void>;
  /** Offered next to the server's refusal, e.g. "Deactivate instead" when a ramp is in use. */
  fallback?: { label: string; when: (status: number) => boolean; run: () => Promise<void> };
};

/** Asks before a destructive action; a refusal of the server is shown in the dialog. */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ text: string; status: number } | null>(null);

  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };

  async function run(action: () => Promise<void>) {
    setPending(true);
    setError(null);
    try {
      await action();
      setPending(false);
      onClose();
    } catch (e) {
      setPending(false);
      const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 0;
      setError({ text: e instanceof Error ? e.message : 'The action failed', status });
    }
  }

  // Cancel is the safe default; focus it once the dialog is shown.
  const buttonsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!request) return;
    const frame = requestAnimationFrame(() => buttonsRef.current?.querySelector('button')?.focus());
    return () => cancelAnimationFrame(frame);
  }, [request]);

  const fallback = request?.fallback && error && request.fallback.when(error.status) ? request.fallback : null;

  return (
    <Dialog open={request !== null} onClose={close} title={request?.title ?? ''}>
      {request ? (
        <div className="space-y-4">
          <div className="text-sm text-slate-700">{request.message}</div>
          {error ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              {error.text}
            </p>
          ) : null}
          <div ref={buttonsRef} className="flex flex-wrap justify-end gap-2 border-t border-slate-100 pt-4">
            <Button onClick={close}>Cancel</Button>
            {fallback ? (
              <Button tone="primary" disabled={pending} onClick={() => void run(fallback.run)}>
                {fallback.label}
              </Button>
            ) : (
              <Button tone="danger" disabled={pending} className="min-w-24" onClick={() => void run(request.run)}>
                {pending ? 'Working…' : request.confirmLabel}
              </Button>
            )}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
