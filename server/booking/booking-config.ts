import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The environment variables of self-booking (SPEC §9), merged into server/config.ts's schema. */
export const bookingEnvShape = {
  /** A carrier books no sooner than this many hours from now. */
  BOOKING_LEAD_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(2),
  /** HH:MM in the site's time zone: after it, the next day can no longer be booked (C3's shift lock); empty for none. */
  BOOKING_CUTOFF: z
    .string()
    .default('')
    .refine((v) => v === '' || HHMM.test(v), 'BOOKING_CUTOFF must be a time such as 15:00, or empty for none'),
  /** How many days ahead carriers may book. */
  BOOKING_HORIZON_DAYS: z.coerce.number().int().positive().max(365).default(30),
};

export type BookingConfig = {
  leadMinutes: number;
  /** Minutes after local midnight of the day before; null: no cut-off. */
  cutoffMinutes: number | null;
  horizonDays: number;
};

type BookingEnv = z.output<z.ZodObject<typeof bookingEnvShape>>;

export function toBookingConfig(e: BookingEnv): BookingConfig {
  const m = HHMM.exec(e.BOOKING_CUTOFF);
  return {
    leadMinutes: Math.round(e.BOOKING_LEAD_HOURS * 60),
    cutoffMinutes: m ? Number(m[1]) * 60 + Number(m[2]) : null,
    horizonDays: e.BOOKING_HORIZON_DAYS,
  };
}
