import { z } from 'zod';
import { daySchema } from './board';
import { text } from './common';

/** The longest range one report covers. */
export const MAX_REPORT_DAYS = 366;
/** A report without a range: the 30 days up to today; a history download: today. */
export const DEFAULT_REPORT_DAYS = 30;

const rangeShape = {
  from: daySchema.optional().describe('First site day; default: 29 days before `to` (the history: `to`)'),
  to: daySchema.optional().describe('Last site day, inclusive; default: today'),
};

function rangeOk(r: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (!r.from || !r.to) return;
  const days = (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (!Number.isFinite(days) || days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be on or after `from`' });
  else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${MAX_REPORT_DAYS} days` });
}

export const reportQuerySchema = z
  .strictObject({
    ...rangeShape,
    carrier: text(120).trim().min(1).optional().describe('Only loads whose carrier contains this text (case-insensitive), as the board filters'),
  })
  .superRefine(rangeOk);
export type ReportQuery = z.output<typeof reportQuerySchema>;

export const historyCsvQuerySchema = z.strictObject(rangeShape).superRefine(rangeOk);
export type HistoryCsvQuery = z.output<typeof historyCsvQuerySchema>;

const minutes = z.number().nullable();
const pct = z.number().nullable();

export const reportDaySchema = z
  .object({
    date: z.string(),
    due: z.number(),
    arrived: z.number(),
    on_time_arrival_pct: pct,
    avg_wait_minutes: minutes,
    avg_door_minutes: minutes,
    avg_dwell_minutes: minutes,
    handled: z.number().describe('Completed'),
    no_show: z.number(),
  })
  .meta({ id: 'ReportDay' });
export type ReportDay = z.infer<typeof reportDaySchema>;

export const reportRampSchema = z.object({ ramp_id: z.number(), code: z.string(), utilization_pct: pct, handled: z.number() }).meta({ id: 'ReportRamp' });

export const reportSchema = z
  .object({ from: z.string(), to: z.string(), days: z.array(reportDaySchema), ramps: z.array(reportRampSchema) })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof reportSchema>;
