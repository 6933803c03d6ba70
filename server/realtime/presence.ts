import { and, gt, lt, ne, sql } from 'drizzle-orm';
import { realtimeInstances } from '@/drizzle/schema';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { withDeadline } from '@/server/realtime/guards';

type ClientInfo = { client_id: string; filters: { direction?: 'IB' | 'OB' } };

const PUBLISH_MS = 2_000;
/** The row is rewritten at least this often, changed or not: it is the instance's heartbeat. */
const HEARTBEAT_MS = 3_000;
/** Rows with a newer heartbeat are counted, so a crashed instance drops out of the stats within this. */
const FRESH_SECONDS = 8;
/** Rows with an older heartbeat (a crashed instance's) are deleted by whichever instance publishes next. */
const STALE_SECONDS = 15;
/** The stats read and the goodbye delete never wait on the database longer than this. */
const DB_DEADLINE_MS = 1_500;

/**
 * Who is connected to this instance; published to the database so any
 * instance can answer /api/ws/stats for all of them. Each live instance
 * heartbeats its row and removes rows that no instance heartbeats any more.
 */
export class Presence {
  private readonly clients = new Map<string, ClientInfo>();
  private dirty = true;
  private lastPublish = 0;
  private timer: NodeJS.Timeout | undefined;
  private publishing = false;
  private failing = false;

  constructor(
    private readonly db: Db,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  set(info: ClientInfo): void {
    this.clients.set(info.client_id, info);
    this.dirty = true;
  }

  remove(clientId: string): void {
    if (this.clients.delete(clientId)) this.dirty = true;
  }

  start(): void {
    this.timer = setInterval(() => void this.publish(), PUBLISH_MS);
    this.timer.unref();
    void this.publish();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const goodbye = this.db.delete(realtimeInstances).where(sql`${realtimeInstances.id} = ${this.instanceId}`);
    await withDeadline(Promise.resolve(goodbye), DB_DEADLINE_MS).catch(() => {});
  }

  private async publish(): Promise<void> {
    const now = Date.now();
    if (this.publishing || (!this.dirty && now - this.lastPublish < HEARTBEAT_MS)) return;
    this.publishing = true;
    this.dirty = false;
    this.lastPublish = now;
    const clients = [...this.clients.values()];
    try {
      await this.db
        .insert(realtimeInstances)
        .values({ id: this.instanceId, clients, heartbeatAt: sql`now()` })
        .onConflictDoUpdate({ target: realtimeInstances.id, set: { clients, heartbeatAt: sql`now()` } });
      await this.db.delete(realtimeInstances).where(lt(realtimeInstances.heartbeatAt, sql`now() - make_interval(secs => ${STALE_SECONDS})`));
      if (this.failing) this.logger.info('publishing presence works again');
      this.failing = false;
    } catch (error) {
      this.dirty = true;
      // Once per outage, not every two seconds.
      if (!this.failing) this.logger.warn({ err: error }, 'publishing presence failed');
      this.failing = true;
    } finally {
      this.publishing = false;
    }
  }

  /** This instance's clients as they are now, plus the other live instances' last published lists; throws when the database cannot say. */
  async stats(): Promise<{ active_connections: number; clients: ClientInfo[] }> {
    const read = this.db
      .select({ clients: realtimeInstances.clients })
      .from(realtimeInstances)
      .where(and(ne(realtimeInstances.id, this.instanceId), gt(realtimeInstances.heartbeatAt, sql`now() - make_interval(secs => ${FRESH_SECONDS})`)));
    const others = await withDeadline(Promise.resolve(read), DB_DEADLINE_MS);
    const clients = [...this.clients.values(), ...others.flatMap((o) => o.clients as ClientInfo[])];
    return { active_connections: clients.length, clients };
  }
}
