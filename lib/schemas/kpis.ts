import { z } from 'zod';
import { daySchema } from './board';
import { directionSchema } from './common';

export const kpisQuerySchema = z.strictObject({
  date: daySchema.optional(),
  direction: directionSchema.optional().describe('Only assignments of this direction, ramps of that kind or BOTH'),
});
export type KpisQuery = z.output<typeof kpisQuerySchema>;

const minutes = z.number().nullable().describe('Minutes, one decimal; null when no assignment of the day has both times');
const pct = z.number().nullable().describe('Percent, one decimal; null when there is nothing to divide by');

export const rampUtilizationSchema = z.object({ ramp_id: z.number(), code: z.string(), utilization_pct: pct }).meta({ id: 'RampUtilization' });

export const dayKpisSchema = z
  .object({
    date: z.string(),
    on_dock: z.number().describe('Trucks at a door now (a past day: at its end): started, not completed, not departed, whatever day they were planned for'),
    waiting: z.number().describe('Trucks on site waiting for a door now (a past day: at its end): the yard queue of GET /api/yard'),
    completed: z.number(),
    late: z.number().describe('Not arrived, not completed or cancelled, now past eta_in + 15 min, whatever the status'),
    overdue: z.number().describe('Not completed or cancelled, now past eta_out'),
    no_show: z.number().describe('Not cancelled, now past eta_out and not arrived by eta_out'),
    on_time_arrival_pct: pct,
    avg_wait_minutes: minutes,
    avg_door_minutes: minutes,
    avg_dwell_minutes: minutes,
    ramps: z.array(rampUtilizationSchema),
  })
  .meta({ id: 'DayKpis' });
export type DayKpis = z.infer<typeof dayKpisSchema>;
