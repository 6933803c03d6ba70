import { and, gt, ne, sql } from 'drizzle-orm';
import { realtimeInstances } from '@/drizzle/schema';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';

export type ClientInfo = { client_id: string; filters: { direction?: 'IB' | 'OB' } };

const PUBLISH_MS = 2_000;
const HEARTBEAT_MS = 10_000;
const STALE_SECONDS = 30;

/**
 * Who is connected to this instance; published to the database so any
 * instance can answer /api/ws/stats for all of them.
 */
export class Presence {
  private readonly clients = new Map<string, ClientInfo>();
  private dirty = true;
  private lastPublish = 0;
  private timer: NodeJS.Timeout | undefined;

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

  get size(): number {
    return this.clients.size;
  }

  start(): void {
    this.timer = setInterval(() => void this.publish(), PUBLISH_MS);
    this.timer.unref();
    void this.publish();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.db.delete(realtimeInstances).where(sql`${realtimeInstances.id} = ${this.instanceId}`).catch(() => {});
  }

  private async publish(): Promise<void> {
    const now = Date.now();
    if (!this.dirty && now - this.lastPublish < HEARTBEAT_MS) return;
    this.dirty = false;
    this.lastPublish = now;
    const clients = [...this.clients.values()];
    try {
      await this.db
        .insert(realtimeInstances)
        .values({ id: this.instanceId, clients, heartbeatAt: sql`now()` })
        .onConflictDoUpdate({ target: realtimeInstances.id, set: { clients, heartbeatAt: sql`now()` } });
    } catch (error) {
      this.dirty = true;
      this.logger.warn({ err: error }, 'publishing presence failed');
    }
  }

  /** This instance's clients as they are now, plus the other live instances' last published lists. */
  async stats(): Promise<{ active_connections: number; clients: ClientInfo[] }> {
    const others = await this.db
      .select({ clients: realtimeInstances.clients })
      .from(realtimeInstances)
      .where(and(ne(realtimeInstances.id, this.instanceId), gt(realtimeInstances.heartbeatAt, sql`now() - make_interval(secs => ${STALE_SECONDS})`)));
    const clients = [...this.clients.values(), ...others.flatMap((o) => o.clients as ClientInfo[])];
    return { active_connections: clients.length, clients };
  }
}
