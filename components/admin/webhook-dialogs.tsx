'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useSite } from '@/components/providers';
import { Button, Field, TextInput } from '@/components/ui/controls';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import type { Webhook } from '@/lib/schemas/webhooks';
import { copyText } from './displays-admin';
import { formatTimeSeconds } from './format';
import { Badge } from './resource-table';
import { deliveriesQuery } from './webhook-queries';

/** A secret from create or rotate-secret: the one time anyone sees it. */
export type RevealedSecret = { url: string; secret: string; rotated: boolean };

export function SecretDialog({ revealed, onClose }: { revealed: RevealedSecret | null; onClose: () => void }) {
  const toast = useToast();
  const id = useId();
  return (
    <Dialog open={revealed !== null} onClose={onClose} title={revealed?.rotated ? 'New signing secret' : 'Webhook created: its signing secret'}>
      {revealed ? (
        <div className="space-y-4 text-sm text-slate-700">
          <p>
            The receiver at <span className="break-all font-mono text-xs text-slate-900">{revealed.url}</span> checks{' '}
            <code className="font-mono text-xs">X-DCDock-Signature</code> with this secret.
          </p>
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 font-medium text-amber-900">
            Copy it now: you will not see it again. DCDock stores it encrypted and never shows it a second time.
          </p>
          {revealed.rotated ? (
            <p>The old secret keeps signing (as X-DCDock-Signature-Previous) for 24 hours: switch the receiver over to the new one in that time.</p>
          ) : null}
          <div className="space-y-1">
            <label htmlFor={id} className="block text-sm font-medium text-slate-700">
              Secret
            </label>
            <div className="flex items-center gap-2">
              <input
                id={id}
                readOnly
                value={revealed.secret}
                onFocus={(e) => e.currentTarget.select()}
                className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs text-slate-900"
              />
              <Button
                onClick={() =>
                  void copyText(revealed.secret).then((ok) =>
                    toast(ok ? 'Secret copied.' : 'Copying failed: select the secret and copy it.', ok ? 'success' : 'error'),
                  )
                }
              >
                Copy secret
              </Button>
            </div>
          </div>
          <div className="flex justify-end border-t border-slate-100 pt-4">
            <Button tone="primary" onClick={onClose}>
              I have copied it
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}

/** "Replay from seq…": delivery starts again at that seq, in order. */
export function ReplayDialog({ hook, onClose, onReplay }: { hook: Webhook | null; onClose: () => void; onReplay: (fromSeq: number) => Promise<void> }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [pending, setPending] = useState(false);
  const close = () => {
    setValue('');
    setError('');
    onClose();
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError('');
    try {
      await onReplay(Number(value));
      setValue('');
      onClose();
    } catch (caught) {
      setError(
        caught instanceof ActionError && caught.result.kind === 'invalid' ? (caught.fieldErrors.from_seq ?? caught.message) : String((caught as Error).message),
      );
    } finally {
      setPending(false);
    }
  }
  return (
    <Dialog open={hook !== null} onClose={close} title="Replay from seq">
      {hook ? (
        <form onSubmit={submit} noValidate className="space-y-4">
          <p className="text-sm text-slate-700">
            <span className="break-all font-mono text-xs">{hook.url}</span> receives this seq and everything after it again, in order. It has acknowledged up to
            seq {hook.last_seq}.
          </p>
          <Field label="From seq" id={id} error={error || undefined}>
            <TextInput id={id} type="number" min={1} step={1} required value={value} invalid={Boolean(error)} onChange={(e) => setValue(e.target.value)} />
          </Field>
          <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" tone="primary" disabled={pending || value === ''}>
              {pending ? 'Working…' : 'Replay'}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}

/** The last attempts of one endpoint, newest first, fetched again every 2 s while open. */
export function DeliveryLogDialog({ hook, onClose }: { hook: Webhook | null; onClose: () => void }) {
  return (
    <Dialog open={hook !== null} onClose={onClose} title="Delivery log" wide>
      {hook ? <DeliveryLog hook={hook} /> : null}
    </Dialog>
  );
}

function DeliveryLog({ hook }: { hook: Webhook }) {
  const { timeZone, locale } = useSite();
  const query = useQuery(deliveriesQuery(hook.id));
  const rows = query.data;
  const cell = 'px-3 py-2 align-top';
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Recent attempts to <span className="break-all font-mono text-xs">{hook.url}</span>, newest first. Seq 0 is a test event.
      </p>
      <div className="max-h-[60vh] overflow-auto rounded-lg border border-slate-200">
        <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending || undefined}>
          <caption className="sr-only">Delivery attempts</caption>
          <thead className="sticky top-0 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className={cell}>
                Seq
              </th>
              <th scope="col" className={cell}>
                Attempt
              </th>
              <th scope="col" className={cell}>
                Status
              </th>
              <th scope="col" className={cell}>
                Duration
              </th>
              <th scope="col" className={cell}>
                Error
              </th>
              <th scope="col" className={cell}>
                Time
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {query.error && !rows ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-red-800" role="alert">
                  Could not load the log: {query.error.message}
                </td>
              </tr>
            ) : !rows ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-600">
                  Loading…
                </td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-600">
                  Nothing sent yet: the endpoint gets what is committed from its creation on.
                </td>
              </tr>
            ) : (
              rows.map((d) => {
                const ok = d.status_code !== null && d.status_code >= 200 && d.status_code < 300 && !d.error;
                return (
                  <tr key={`${d.at}-${d.seq}-${d.attempt}`} data-testid="delivery-row">
                    <td className={`${cell} tabular-nums`}>{d.seq === 0 ? 'test' : d.seq}</td>
                    <td className={`${cell} tabular-nums`}>{d.attempt}</td>
                    <td className={cell}>
                      <Badge tone={ok ? 'green' : 'red'}>{d.status_code ?? 'no answer'}</Badge>
                    </td>
                    <td className={`${cell} tabular-nums`}>{d.duration_ms} ms</td>
                    <td className={`${cell} break-words text-xs text-red-800`}>{d.error ?? ''}</td>
                    <td className={`${cell} whitespace-nowrap tabular-nums`}>
                      <time dateTime={d.at}>{formatTimeSeconds(d.at, timeZone, locale)}</time>
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
