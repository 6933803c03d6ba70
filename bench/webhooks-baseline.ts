/**
 * The baseline of bench/webhooks.ts, in its own process as the API server is:
 * a bare loop per endpoint that reads the events after its cursor straight
 * from the database (SELECT … FROM board_events WHERE seq > $1 ORDER BY seq),
 * POSTs each one, signed, with the same body and headers and the same HTTP
 * client settings as server/webhooks/post-webhook.ts (keep-alive agent, 4
 * sockets, 5 s deadline), one at a time, and keeps its cursor in memory.
 * Woken by LISTEN board_events (as the API's fan-out is) and a 1 s poll. No
 * leases, no durable cursor, no delivery log, no target check.
 *
 * IPC: {cmd: 'deliver', endpoints: [{url, secret, cursor}]} starts the loops;
 * {cmd: 'stop'} stops them and answers {stopped: true, posts}.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { BOARD_EVENTS_CHANNEL, decodeEventRow, type EventRow } from '@/server/events/event-row';
import { toOutbound } from '@/server/events/outbound-event';
import { openPostgres } from '@/server/db/connect';
import { webhookMessage } from '@/server/webhooks/webhook-body';

if (!process.send) throw new Error('bench/webhooks-baseline.ts runs under bench/webhooks.ts (needs an IPC channel)');

type Endpoint = { url: string; secret: string; cursor: number };

const sql = openPostgres(process.env.DATABASE_URL!, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const COLUMNS = 'seq, type, entity, entity_id AS "entityId", direction, actor_id AS "actorId", actor_email AS "actorEmail", payload, created_at AS "createdAt"';

let running = false;
let posts = 0;
const wakers = new Set<() => void>();
const wakeAll = () => {
  for (const w of [...wakers]) w();
};

function post(url: URL, body: string, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body).toString(), 'User-Agent': 'DCDock-Webhooks/1', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
        res.on('error', () => resolve(false));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

async function loop(e: Endpoint): Promise<void> {
  const url = new URL(e.url);
  while (running) {
    const rows = await sql<EventRow[]>`SELECT ${sql.unsafe(COLUMNS)} FROM board_events WHERE seq > ${e.cursor} ORDER BY seq LIMIT 100`;
    if (rows.length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, 1000);
        wakers.add(done);
      });
      continue;
    }
    for (const row of rows) {
      const message = webhookMessage(toOutbound(decodeEventRow(row)));
      const seq = Number(row.seq);
      if (message) {
        const headers = {
          'X-DCDock-Seq': String(seq),
          'X-DCDock-Event': message.type,
          'X-DCDock-Signature': `sha256=${createHmac('sha256', e.secret).update(message.body).digest('hex')}`,
        };
        // The same event again until a 2xx: never skipping ahead.
        while (running && !(await post(url, message.body, headers))) await new Promise((r) => setTimeout(r, 100));
        if (!running) return;
        posts++;
      }
      e.cursor = seq;
    }
  }
}

let loops: Promise<void>[] = [];
await sql.listen(BOARD_EVENTS_CHANNEL, wakeAll);

process.on('message', (m: { cmd?: string; endpoints?: Endpoint[] }) => {
  if (m?.cmd === 'deliver') {
    running = true;
    posts = 0;
    loops = m.endpoints!.map((e) => loop({ ...e }));
  } else if (m?.cmd === 'stop') {
    running = false;
    wakeAll();
    void Promise.allSettled(loops).then(() => process.send!({ stopped: true, posts }));
  } else if (m?.cmd === 'exit') void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
