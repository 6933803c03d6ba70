import { users } from '@/drizzle/schema';
import { hashPassword } from '@/server/auth/passwords';
import type { Db } from '@/server/db/client';
import { DEMO_CARRIERS } from '@/server/db/seed-history';

/** SPEC §9's demo carriers: the first two of the seed's carrier names, so their demo loads become theirs. */
export const DEMO_CARRIER_NAMES = [DEMO_CARRIERS[0]!, DEMO_CARRIERS[1]!] as const;

/** One user per demo carrier, in DEMO_CARRIER_NAMES' order. */
export const DEMO_CARRIER_ACCOUNTS = [
  { email: 'carrier1@dcdock.com', password: 'carrier123', fullName: 'Carla Carrier', carrier: DEMO_CARRIER_NAMES[0] },
  { email: 'carrier2@dcdock.com', password: 'carrier123', fullName: 'Chris Carrier', carrier: DEMO_CARRIER_NAMES[1] },
] as const;

/**
 * The demo carriers and their users (SPEC §9). The seed's loads of those names (today's and the history's)
 * get the carrier's id; events logged before keep their payloads, so a carrier's catch-up starts with the next change.
 */
export async function seedCarriers(db: Db): Promise<void> {
  const rows = await db.$client<{ id: number; name: string }[]>`
    INSERT INTO carriers (name, contact_email) VALUES
      (${DEMO_CARRIER_NAMES[0]}, 'bookings@nordline.example'), (${DEMO_CARRIER_NAMES[1]}, NULL)
    RETURNING id, name`;
  const idOf = (name: string) => rows.find((r) => r.name === name)!.id;
  for (const r of rows) await db.$client`UPDATE loads SET carrier_id = ${r.id} WHERE carrier = ${r.name}`;
  const hashes = await Promise.all(DEMO_CARRIER_ACCOUNTS.map((a) => hashPassword(a.password)));
  await db.insert(users).values(
    DEMO_CARRIER_ACCOUNTS.map((a, i) => ({
      email: a.email,
      fullName: a.fullName,
      role: 'CARRIER' as const,
      passwordHash: hashes[i]!,
      carrierId: idOf(a.carrier),
    })),
  );
}
