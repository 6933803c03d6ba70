/**
 * The DCDock server as the benchmark runs it, in its own process: the REST API
 * and both socket kinds (createApp + startRealtime, no Next.js) on 127.0.0.1,
 * port 0, against DATABASE_URL. Prints "BENCH_SERVER_READY port=… database=…"
 * and answers the parent over IPC (see child-protocol.ts).
 */
import { announceReady, serveParent, type EventRecord } from '@/bench/child-protocol';
import { bootApi } from '@/bench/lib-boot-api';

const { port, config, db, realtime, shutdown } = await bootApi();

serveParent(
  {
    head: async () => Number((await db.$client`SELECT seq FROM event_counter WHERE id = 1`)[0]?.seq ?? 0),
    events: async (args: { since: number }): Promise<EventRecord[]> => {
      const rows = await db.$client`
        SELECT seq, type, entity_id, direction, (payload->>'version')::int AS version
        FROM board_events WHERE seq > ${args.since} AND entity = 'assignment' ORDER BY seq`;
      return rows.map((r) => ({
        seq: Number(r.seq),
        type: r.type as string,
        id: Number(r.entity_id),
        version: Number(r.version),
        direction: r.direction === 'IB' || r.direction === 'OB' ? r.direction : null,
      }));
    },
    connections: () => realtime.stats().then((s) => s.active_connections),
  },
  shutdown,
);
announceReady(port, { database: config.databaseUrl!.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@') });
