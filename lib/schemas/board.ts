import { z } from 'zod';
import { assignmentSchema, historyEntrySchema } from './assignments';
import { DATE_RE } from '@/lib/zoned-time';
import { directionSchema } from './common';
import { yardEntrySchema } from './gate';
import { loadSchema } from './loads';
import { rampSchema } from './ramps';
import { statusSchema } from './statuses';

export const daySchema = z.string().regex(DATE_RE, 'Use a date such as 2025-01-31');

export const boardQuerySchema = z.strictObject({ date: daySchema.optional(), direction: directionSchema.optional() });
export type BoardQuery = z.output<typeof boardQuerySchema>;

export const boardSchema = z
  .object({
    seq: z.number().describe('The last event already reflected here; pass it as `since` to the sockets'),
    date: z.string(),
    time_zone: z.string(),
    day_start: z.string(),
    day_end: z.string(),
    backlog_from: z
      .string()
      .nullable()
      .describe('Today only: unassigned_loads also holds loads without a planned time, unassigned ones planned from this instant on, and those checked in'),
    ramps: z.array(rampSchema),
    statuses: z.array(statusSchema),
    assignments: z.array(assignmentSchema),
    unassigned_loads: z.array(loadSchema),
    yard: z.array(yardEntrySchema).describe('Trucks on site waiting for a door, oldest first (as GET /api/yard)'),
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof boardSchema>;

export const dayHistoryQuerySchema = z.strictObject({ date: daySchema.optional() });
export type DayHistoryQuery = z.output<typeof dayHistoryQuerySchema>;

export const dayHistoryEntrySchema = historyEntrySchema
  .extend({ assignment_id: z.number(), reference: z.string().nullable(), ramp_code: z.string().nullable() })
  .meta({ id: 'DayHistoryEntry' });
export type DayHistoryEntry = z.infer<typeof dayHistoryEntrySchema>;

export const tvBoardSchema = z
  .object({
    seq: z.number(),
    display: z.object({ name: z.string(), direction: directionSchema.nullable() }),
    /** The link's paging options (page time, free ramps hidden). */
    paging: z.object({ page_seconds: z.number(), hide_free_ramps: z.boolean() }),
    time_zone: z.string(),
    now: z.string(),
    ramps: z.array(rampSchema),
    statuses: z.array(statusSchema),
    assignments: z.array(assignmentSchema),
  })
  .meta({ id: 'TvBoard' });
export type TvBoard = z.infer<typeof tvBoardSchema>;
