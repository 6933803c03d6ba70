import type postgres from 'postgres';
import { bookingStateOf } from '@/lib/booking-state';
import type { Booking } from '@/lib/schemas/booking';
import { toIso } from '@/lib/time';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

type BookingRow = {
  id: number;
  version: number;
  status_code: string;
  reference: string;
  direction: 'IB' | 'OB';
  load_id: number;
  load_type_id: number | null;
  load_type_name: string | null;
  ramp_id: number;
  ramp_code: string;
  eta_in: Date;
  eta_out: Date;
  notes: string | null;
  truck_plate: string | null;
  carrier_id: number | null;
  carrier_name: string | null;
  decline_reason: string | null;
  created_at: Date;
  updated_at: Date;
};

/**
 * Bookings (assignments with their load, ramp, status, type and carrier) as the
 * booking API shows them, with no people in them; callers add WHERE and the
 * tail (ORDER/LIMIT). The board's pending list reads the same shape.
 */
export function selectBookings(sql: postgres.Sql, where: Fragment, tail?: Fragment) {
  return sql<BookingRow[]>`
    SELECT a.id, a.version, s.code AS status_code, l.reference, l.direction, a.load_id, l.load_type_id, t.name AS load_type_name,
           a.ramp_id, r.code AS ramp_code, a.eta_in, a.eta_out, l.notes, l.truck_plate, l.carrier_id,
           COALESCE(c.name, l.carrier) AS carrier_name, a.decline_reason, a.created_at, a.updated_at
    FROM assignments a
    JOIN loads l ON l.id = a.load_id
    JOIN ramps r ON r.id = a.ramp_id
    JOIN statuses s ON s.id = a.status_id
    LEFT JOIN load_types t ON t.id = l.load_type_id
    LEFT JOIN carriers c ON c.id = l.carrier_id
    WHERE ${where} ${tail ?? sql``}`;
}

export const toBooking = (r: BookingRow): Booking => ({
  id: r.id,
  version: r.version,
  state: bookingStateOf(r.status_code),
  status_code: r.status_code,
  reference: r.reference,
  direction: r.direction,
  load_id: r.load_id,
  load_type_id: r.load_type_id,
  load_type_name: r.load_type_name,
  ramp_id: r.ramp_id,
  ramp_code: r.ramp_code,
  eta_in: toIso(r.eta_in)!,
  eta_out: toIso(r.eta_out)!,
  notes: r.notes,
  truck_plate: r.truck_plate,
  carrier_id: r.carrier_id,
  carrier_name: r.carrier_name,
  decline_reason: r.decline_reason,
  created_at: toIso(r.created_at)!,
  updated_at: toIso(r.updated_at)!,
});

export async function findBooking(sql: postgres.Sql, id: number): Promise<Booking | null> {
  const [row] = await selectBookings(sql, sql`a.id = ${id}`);
  return row ? toBooking(row) : null;
}
