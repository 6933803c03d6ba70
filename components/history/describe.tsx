import type { ActionWord } from '@/lib/realtime';
import type { Assignment, HistoryEntry } from '@/lib/schemas/assignments';
import { DEFAULT_LOCALE, dayOf, formatClock, formatShortDate } from '@/lib/zoned-time';

/** One change in words: "status Planned → Arrived", or one value of a created/deleted assignment. */
export type ChangePart = { field: string; from?: string; to?: string; value?: string };

/** The actual times (SPEC §8) as a history line names them. */
const ACTUAL_LABELS = [
  ['arrived_at', 'arrived'],
  ['started_at', 'started'],
  ['completed_at', 'completed'],
  ['departed_at', 'departed'],
  ['called_at', 'called to door'],
] as const;

export const ACTION_LABEL = { CREATE: 'Created', UPDATE: 'Updated', DELETE: 'Deleted' } as const satisfies Record<ActionWord, string>;

/**
 * The changes of a history entry in words (statuses by their labels), times in the site zone and
 * locale; a time on another day than `refDay` carries its date ("28 Nov 06:00").
 */
export function describeEntry(
  entry: Pick<HistoryEntry, 'action' | 'before' | 'after' | 'changes'>,
  timeZone: string,
  refDay: string,
  locale = DEFAULT_LOCALE,
): ChangePart[] {
  const formatTime = (iso: string, tz: string) => formatClock(iso, tz, locale);
  const time = (iso: unknown) => {
    if (typeof iso !== 'string') return '—';
    const t = formatTime(iso, timeZone);
    return dayOf(new Date(iso), timeZone) === refDay ? t : `${formatShortDate(iso, timeZone, locale)} ${t}`;
  };
  const sameDay = (a: string, b: string) => dayOf(new Date(a), timeZone) === dayOf(new Date(b), timeZone);
  const snapshot = (a: Assignment): ChangePart[] => [
    { field: 'ramp', value: a.ramp.code },
    { field: 'window', value: `${time(a.eta_in)}–${sameDay(a.eta_in, a.eta_out) ? formatTime(a.eta_out, timeZone) : time(a.eta_out)}` },
    { field: 'status', value: a.status.label },
    ...ACTUAL_LABELS.flatMap(([key, field]) => (a[key] ? [{ field, value: time(a[key]) }] : [])),
  ];
  const { action, before, after, changes } = entry;
  if (action === 'CREATE') return after ? snapshot(after) : [];
  if (action === 'DELETE') return before ? snapshot(before) : [];

  const parts: ChangePart[] = [];
  const has = (...keys: string[]) => keys.some((k) => k in changes);
  const str = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  if (has('status', 'status_id'))
    parts.push({ field: 'status', from: before?.status.label ?? str(changes.status?.from), to: after?.status.label ?? str(changes.status?.to) });
  if (has('ramp', 'ramp_id')) parts.push({ field: 'ramp', from: before?.ramp.code ?? str(changes.ramp?.from), to: after?.ramp.code ?? str(changes.ramp?.to) });
  if (has('load_id'))
    parts.push({ field: 'load', from: before?.load.reference ?? str(changes.load_id?.from), to: after?.load.reference ?? str(changes.load_id?.to) });
  if (has('eta_in')) parts.push({ field: 'ETA in', from: time(changes.eta_in?.from), to: time(changes.eta_in?.to) });
  if (has('eta_out')) parts.push({ field: 'ETA out', from: time(changes.eta_out?.from), to: time(changes.eta_out?.to) });
  for (const [key, field] of ACTUAL_LABELS) if (has(key)) parts.push({ field, from: time(changes[key]?.from), to: time(changes[key]?.to) });
  return parts;
}

/** The parts as a compact inline list. */
export function ChangeList({ parts, action }: { parts: ChangePart[]; action: HistoryEntry['action'] }) {
  if (parts.length === 0) return <span className="text-slate-400">No visible change</span>;
  return (
    <ul className={`flex flex-wrap gap-x-3 gap-y-1 ${action === 'DELETE' ? 'text-slate-500' : ''}`}>
      {action === 'DELETE' ? <li className="text-slate-500">was</li> : null}
      {parts.map((p) => (
        <li key={p.field} className="whitespace-nowrap">
          <span className="text-slate-500">{p.field}</span>{' '}
          {p.value !== undefined ? (
            <span className={`font-medium ${action === 'DELETE' ? 'text-slate-600' : 'text-slate-900'}`}>{p.value}</span>
          ) : (
            <>
              <span className="text-slate-500 line-through decoration-slate-300">{p.from}</span>
              <span aria-hidden className="mx-1 text-slate-400">
                →
              </span>
              <span className="sr-only"> to </span>
              <span className="font-medium text-slate-900">{p.to}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ActionBadge({ action }: { action: HistoryEntry['action'] }) {
  const tone =
    action === 'CREATE'
      ? 'bg-emerald-50 text-emerald-800 ring-emerald-200'
      : action === 'DELETE'
        ? 'bg-red-50 text-red-800 ring-red-200'
        : 'bg-blue-50 text-blue-800 ring-blue-200';
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{ACTION_LABEL[action]}</span>;
}
