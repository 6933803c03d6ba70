'use client';

import { WEBHOOK_EVENT_TYPES } from '@/lib/webhook-events';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  createWebhookAction,
  deleteWebhookAction,
  pauseWebhookAction,
  replayWebhookAction,
  resumeWebhookAction,
  rotateWebhookSecretAction,
  testWebhookAction,
  updateWebhookAction,
} from '@/app/(app)/admin/webhooks/actions';
import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import type { ActionResult } from '@/lib/action-result';
import { callAction } from '@/lib/api-client';
import type { Webhook, WebhookWithSecret } from '@/lib/schemas/webhooks';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { formatDateTime } from './format';
import type { FormValues } from './resource-form';
import { Badge, RowAction } from './resource-table';
import { DeliveryLogDialog, ReplayDialog, SecretDialog, type RevealedSecret } from './webhook-dialogs';
import { webhooksQuery } from './webhook-queries';

const ALL = 'all_event_types';

/** The row without its secret: the list never holds one. */
const withoutSecret = ({ secret: _secret, ...w }: WebhookWithSecret): Webhook => w;

function stateOf(w: Webhook): { label: string; tone: 'green' | 'amber' | 'red' | 'slate' } {
  if (w.paused_at) return { label: 'Paused', tone: 'red' };
  if (!w.active) return { label: 'Inactive', tone: 'slate' };
  if (w.failing_since) return { label: 'Failing', tone: 'amber' };
  return { label: 'Delivering', tone: 'green' };
}

/** /admin/webhooks: endpoints that receive every committed change, in seq order, signed (SPEC §10). */
export function WebhooksAdmin() {
  const { user, timeZone, locale } = useSite();
  const toast = useToast();
  const qc = useQueryClient();
  const list = useQuery({ ...webhooksQuery(), enabled: user.role === 'ADMIN' });
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [replaying, setReplaying] = useState<Webhook | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const put = (w: Webhook) => qc.setQueryData<Webhook[]>(['webhooks'], (old) => old?.map((r) => (r.id === w.id ? w : r)));
  const refetch = () => qc.invalidateQueries({ queryKey: ['webhooks'] });
  const failed = (e: Error) => toast(e.message, 'error');
  const flip = useMutation({
    mutationFn: ({ w, pause }: { w: Webhook; pause: boolean }) =>
      callAction<Webhook>((k) => (pause ? pauseWebhookAction(w.id, k) : resumeWebhookAction(w.id, k))),
    onSuccess: (w, { pause }) => {
      put(w);
      toast(pause ? `Deliveries to ${w.url} paused.` : `Deliveries to ${w.url} resumed from seq ${w.last_seq + 1}.`, 'success');
    },
    onError: failed,
    onSettled: refetch,
  });
  const test = useMutation({
    mutationFn: (w: Webhook) => callAction((k) => testWebhookAction(w.id, k)),
    onSuccess: (r, w) =>
      toast(
        r.ok
          ? `Test event delivered to ${w.url}: ${r.status_code} in ${r.duration_ms} ms.`
          : `Test event to ${w.url} failed: ${r.error ?? `answer ${r.status_code}`} (${r.duration_ms} ms).`,
        r.ok ? 'success' : 'error',
      ),
    onError: failed,
    onSettled: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });

  if (user.role !== 'ADMIN') return <AdminOnly what="webhooks" />;

  const askRotate = (w: Webhook) =>
    setConfirm({
      title: `Rotate the secret of ${w.url}?`,
      message: (
        <p>
          A new secret signs every delivery from now on. The current one keeps signing too (as X-DCDock-Signature-Previous) for 24 hours, then stops: switch the
          receiver over in that time.
        </p>
      ),
      confirmLabel: 'Rotate secret',
      run: async () => {
        const w2 = await callAction<WebhookWithSecret>((k) => rotateWebhookSecretAction(w.id, k));
        put(withoutSecret(w2));
        setRevealed({ url: w2.url, secret: w2.secret, rotated: true });
      },
    });

  const paused = (list.data ?? []).filter((w) => w.paused_at);
  const notice =
    paused.length > 0 ? (
      <div role="alert" className="mb-4 space-y-1 rounded-xl border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
        <p className="font-semibold">
          {paused.length === 1 ? '1 endpoint is paused' : `${paused.length} endpoints are paused`}: nothing is delivered to it until you resume it; nothing is
          lost.
        </p>
        <ul className="list-disc pl-5">
          {paused.map((w) => (
            <li key={w.id}>
              <span className="break-all font-mono text-xs">{w.url}</span>: {w.pause_reason ?? 'paused'}
              {w.last_error ? ` (last error: ${w.last_error})` : ''}
            </li>
          ))}
        </ul>
      </div>
    ) : null;

  const config: CrudConfig<Webhook> = {
    noun: 'webhook',
    plural: 'webhooks',
    title: 'Webhooks',
    description:
      'Other systems (WMS, TMS, yard) receive every committed change of the board as a signed POST, in seq order, at least once. A failing receiver is retried without skipping ahead; after 24 h of failures its endpoint is paused.',
    query: webhooksQuery(),
    actions: {
      create: async (input, key) => {
        const result = await createWebhookAction(input, key);
        if (!result.ok) return result;
        setRevealed({ url: result.value.url, secret: result.value.secret, rotated: false });
        return { ok: true, value: withoutSecret(result.value) } satisfies ActionResult<Webhook>;
      },
      update: updateWebhookAction,
      remove: deleteWebhookAction,
    },
    canWrite: true,
    wideForm: true,
    notice,
    actionsClassName: 'w-36',
    rowName: (w) => w.url,
    rowTestId: (w) => `webhook-row-${w.id}`,
    rowClassName: (w) => (w.paused_at ? 'bg-red-50/40' : ''),
    columns: [
      {
        key: 'url',
        header: 'Endpoint',
        cell: (w) => (
          <div className="min-w-0">
            <span className="block break-all font-mono text-xs text-slate-900">{w.url}</span>
            <span className="mt-1 block text-xs text-slate-600">{w.event_types.length === 0 ? 'Every event type' : w.event_types.join(', ')}</span>
          </div>
        ),
      },
      {
        key: 'state',
        header: 'State',
        className: 'w-64',
        cell: (w) => {
          const s = stateOf(w);
          return (
            <div className="space-y-1 text-xs">
              <Badge tone={s.tone}>{s.label}</Badge>
              {w.paused_at ? <p className="font-semibold text-red-800">{w.pause_reason ?? 'Paused'}</p> : null}
              {w.failing_since ? (
                <p className="text-amber-900">
                  Failing since <time dateTime={w.failing_since}>{formatDateTime(w.failing_since, timeZone, locale)}</time>
                </p>
              ) : null}
              {w.last_error && (w.failing_since || w.paused_at) ? <p className="break-words text-slate-700">{w.last_error}</p> : null}
            </div>
          );
        },
      },
      {
        key: 'cursor',
        header: 'Delivered to',
        className: 'w-28 tabular-nums',
        cell: (w) => <span title="The last seq the endpoint acknowledged">seq {w.last_seq}</span>,
      },
      {
        key: 'manage',
        header: 'Delivery',
        className: 'w-72',
        cell: (w) => {
          const name = `webhook ${w.url}`;
          return (
            <div className="flex flex-wrap gap-1">
              <RowAction label="Delivery log" name={name} onClick={() => setLogOf(w)} />
              <RowAction label="Send test event" name={name} onClick={() => test.mutate(w)} />
              <RowAction label={w.paused_at ? 'Resume' : 'Pause'} name={name} onClick={() => flip.mutate({ w, pause: !w.paused_at })} />
              <RowAction label="Replay from seq…" name={name} onClick={() => setReplaying(w)} />
              <RowAction label="Rotate secret" name={name} onClick={() => askRotate(w)} />
            </div>
          );
        },
      },
    ],
    fields: () => [
      { name: 'url', label: 'URL', type: 'text', required: true, maxLength: 2000, placeholder: 'https://wms.example.com/dcdock', wide: true },
      { name: 'active', label: 'Active', type: 'checkbox', hint: 'Off: nothing is sent, and the cursor waits where it is.' },
      { name: ALL, label: 'Every event type', type: 'checkbox', hint: 'Also the types added later. Untick it to choose types below.' },
      {
        name: 'event_types',
        label: 'Event types',
        type: 'checkboxes',
        hint: 'Sent when “Every event type” is off; with none ticked, every type is sent.',
        options: WEBHOOK_EVENT_TYPES.map((t) => ({ value: t, label: t })),
      },
    ],
    toValues: (w) => ({
      url: w?.url ?? '',
      active: w?.active ?? true,
      [ALL]: !w || w.event_types.length === 0,
      event_types: w?.event_types.join(',') ?? '',
    }),
    toBody: (v: FormValues) => ({
      url: typeof v.url === 'string' ? v.url.trim() : '',
      active: v.active === true,
      event_types: v[ALL] === true || typeof v.event_types !== 'string' ? [] : v.event_types.split(',').filter(Boolean),
    }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (w) => (
        <p>
          Nothing more is sent to <strong className="break-all">{w.url}</strong>, and its delivery log is deleted.
        </p>
      ),
    },
    emptyText: 'No webhooks yet. Add one for each system that should hear about changes on the board.',
  };

  return (
    <>
      <CrudScreen config={config} />
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
      <ReplayDialog
        hook={replaying}
        onClose={() => setReplaying(null)}
        onReplay={async (fromSeq) => {
          const w = await callAction<Webhook>((k) => replayWebhookAction(replaying!.id, { from_seq: fromSeq }, k));
          put(w);
          void refetch();
          toast(`${w.url} receives everything again from seq ${fromSeq}.`, 'success');
        }}
      />
      <DeliveryLogDialog hook={logOf} onClose={() => setLogOf(null)} />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
