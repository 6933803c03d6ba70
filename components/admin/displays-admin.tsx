'use client';

import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import { PAGE_SECONDS } from '@/lib/display-options';
import type { DisplayLink } from '@/lib/schemas/displays';
import { createDisplayAction, revokeDisplayAction, updateDisplayAction } from '@/app/(app)/admin/displays/actions';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { formatDateTime } from './format';
import { displaysQuery } from './queries';
import { optionalNumber } from './resource-form';
import { Badge } from './resource-table';

const SCOPE = { ALL: { label: 'All', tone: 'slate' }, IB: { label: 'Inbound', tone: 'blue' }, OB: { label: 'Outbound', tone: 'violet' } } as const;

const fullLink = (d: DisplayLink) => `${typeof window === 'undefined' ? '' : window.location.origin}${d.url}`;

/** Copies to the clipboard, or through a selection where there is no Clipboard API. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain HTTP on a LAN address has no Clipboard API: fall back to a selection.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** /admin/displays: links for wall TVs, which show the board without signing in. */
export function DisplaysAdmin() {
  const { user, timeZone, locale } = useSite();
  const toast = useToast();
  if (user.role !== 'ADMIN') return <AdminOnly what="TV links" />;

  const config: CrudConfig<DisplayLink> = {
    noun: 'TV link',
    plural: 'TV links',
    title: 'TV links',
    description:
      'A TV link shows the live board on a wall screen without signing in: the link itself is the key. Revoke a link when a screen is lost or retired; it goes dark within seconds.',
    query: displaysQuery(),
    actions: { create: createDisplayAction, update: updateDisplayAction, remove: revokeDisplayAction },
    canWrite: true,
    newFirst: true,
    actionsClassName: 'w-52',
    rowName: (d) => d.name,
    rowTestId: (d) => `admin-row-${d.id}`,
    rowClassName: (d) => (d.revoked_at ? 'bg-slate-50/60 text-slate-500' : ''),
    isFrozen: (d) => d.revoked_at !== null,
    frozenNote: (d) => (
      <span className="text-xs text-slate-500">
        Revoked <time dateTime={d.revoked_at ?? undefined}>{formatDateTime(d.revoked_at!, timeZone, locale)}</time>
      </span>
    ),
    columns: [
      { key: 'name', header: 'Name', cell: (d) => <span className={`font-medium ${d.revoked_at ? 'line-through' : 'text-slate-900'}`}>{d.name}</span> },
      {
        key: 'scope',
        header: 'Shows',
        className: 'w-28',
        cell: (d) => {
          const s = SCOPE[d.direction ?? 'ALL'];
          return d.revoked_at ? <Badge>{s.label}</Badge> : <Badge tone={s.tone}>{s.label}</Badge>;
        },
      },
      {
        key: 'paging',
        header: 'Paging',
        className: 'w-36',
        cell: (d) => (
          <span className="text-xs">
            Every {d.page_seconds} s<span className="block text-slate-500">{d.hide_free_ramps ? 'Free ramps hidden' : 'All ramps'}</span>
          </span>
        ),
      },
      { key: 'created', header: 'Created', className: 'w-44 whitespace-nowrap tabular-nums', cell: (d) => formatDateTime(d.created_at, timeZone, locale) },
      {
        key: 'link',
        header: 'Link',
        className: 'w-[22rem]',
        cell: (d) =>
          d.revoked_at ? (
            <span className="block max-w-xs truncate font-mono text-xs text-slate-500 line-through" title="Revoked: this link no longer works">
              {fullLink(d)}
            </span>
          ) : (
            <div className="flex items-center gap-2">
              <input
                readOnly
                value={fullLink(d)}
                aria-label={`Link of ${d.name}`}
                onFocus={(e) => e.currentTarget.select()}
                className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-2 py-1 font-mono text-xs text-slate-700 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
              />
              <button
                type="button"
                aria-label={`Copy link of ${d.name}`}
                onClick={() =>
                  void copyText(fullLink(d)).then((ok) =>
                    toast(ok ? `Link of ${d.name} copied.` : 'Copying failed: select the link and copy it.', ok ? 'success' : 'error'),
                  )
                }
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40"
              >
                Copy
              </button>
              <a
                href={d.url}
                target="_blank"
                rel="noopener noreferrer"
                aria-label={`Open ${d.name} in a new tab`}
                className="rounded-md px-2 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40"
              >
                Open <span aria-hidden>↗</span>
              </a>
            </div>
          ),
      },
    ],
    fields: () => [
      { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 80, placeholder: 'Inbound hall TV', wide: true },
      {
        name: 'direction',
        label: 'Shows',
        type: 'select',
        wide: true,
        options: [
          { value: '', label: 'All ramps' },
          { value: 'IB', label: 'Inbound only' },
          { value: 'OB', label: 'Outbound only' },
        ],
      },
      {
        name: 'page_seconds',
        label: 'Page time (seconds)',
        type: 'number',
        required: true,
        hint: `How long each page of ramps stays on screen, ${PAGE_SECONDS.min}–${PAGE_SECONDS.max} s. Late, overdue and called ramps are on every page.`,
        wide: true,
      },
      { name: 'hide_free_ramps', label: 'Hide free ramps', type: 'checkbox', hint: 'Leave off ramps with no truck at the door and none planned.' },
    ],
    toValues: (d) => ({
      name: d?.name ?? '',
      direction: d?.direction ?? '',
      page_seconds: String(d?.page_seconds ?? PAGE_SECONDS.default),
      hide_free_ramps: d?.hide_free_ramps ?? false,
    }),
    toBody: (v) => ({
      name: v.name,
      direction: v.direction === '' ? null : v.direction,
      page_seconds: optionalNumber(v.page_seconds),
      hide_free_ramps: v.hide_free_ramps === true,
    }),
    remove: {
      label: 'Revoke',
      done: 'revoked',
      keepsRow: (d) => ({ ...d, revoked_at: new Date().toISOString() }),
      message: (d) => (
        <p>
          Screens showing <strong>{d.name}</strong> go dark within seconds and the link stops working for good. Create a new link to replace it.
        </p>
      ),
    },
    emptyText: 'No TV links yet. Create one for each wall screen.',
  };
  return <CrudScreen config={config} />;
}
