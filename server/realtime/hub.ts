import type postgres from 'postgres';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { BOARD_EVENTS_CHANNEL, decodeNotification } from '@/server/events/event-row';
import { toOutbound, type BoardOutbound, type ControlOutbound, type OutboundEvent } from '@/server/events/outbound-event';
import { CONFLICTS_CHANNEL, decodeConflictNotification, type ConflictNotice } from '@/server/events/publish-conflict';
import { latestSeq, readEventsAfter } from '@/server/events/read-events';

/** A kind of connection (raw WebSocket, Socket.IO) that the hub feeds. */
export interface Sink {
  deliver(event: BoardOutbound): void;
  conflict(notice: ConflictNotice): void;
  /** Internal events (users, display links), whose effect may end connections. */
  control(event: ControlOutbound): void;
}

/** What catch-up replays: board events only, those the socket's filter takes. */
type ReplayFilter = (e: BoardOutbound) => boolean;
type ReplaySend = (e: BoardOutbound) => void;

export type CatchUpResult = 'ok' | 'resync';

const BATCH = 500;
/** A client further behind than this refetches instead of replaying. */
const MAX_REPLAY = 10_000;
const SAFETY_POLL_MS = 5_000;
const DRAIN_RETRY_MAX_MS = 3_000;

/**
 * The fan-out: one LISTEN connection per instance. A notification normally
 * carries the next event itself, which is handed to every sink at once. When
 * it does not (too large, or one was missed), and after every (re)connect of
 * that connection, the hub reads the event log from the last seq it
 * delivered, in order. Either way each event reaches every sink once, in seq
 * order.
 */
export class RealtimeHub {
  lastSeq = 0;
  private readonly recent: OutboundEvent[] = [];
  private readonly sinks: Sink[] = [];
  private readonly waiters: { seq: number; resolve: () => void }[] = [];
  private pumping = false;
  private again = false;
  private stopped = false;
  private unlisten: (() => Promise<void>)[] = [];
  private poll: NodeJS.Timeout | undefined;
  private readonly sql: postgres.Sql;

  constructor(
    db: Db,
    private readonly logger: Logger,
    /** How many recent events are kept to replay from memory (REALTIME_RING_EVENTS). */
    private readonly ring = 4096,
  ) {
    this.sql = db.$client;
  }

  addSink(sink: Sink): void {
    this.sinks.push(sink);
  }

  async start(): Promise<void> {
    this.lastSeq = await latestSeq(this.sql);
    const sql = this.sql;
    const events = await sql.listen(
      BOARD_EVENTS_CHANNEL,
      (payload) => this.onNotification(payload),
      () => this.pump(),
    );
    const conflicts = await sql.listen(CONFLICTS_CHANNEL, (payload) => this.onConflict(payload));
    this.unlisten = [events.unlisten, conflicts.unlisten];
    // Belt and braces: a notification lost with a dropped connection is picked up here.
    this.poll = setInterval(() => this.pump(), SAFETY_POLL_MS);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    await Promise.allSettled(this.unlisten.map((u) => u()));
  }

  /**
   * NOTIFYs arrive in commit order, which is seq order: the next event is
   * delivered straight from the notification; anything else is read from the log.
   */
  private onNotification(payload: string): void {
    let event: OutboundEvent | null = null;
    try {
      const stored = decodeNotification(payload);
      event = stored && toOutbound(stored);
    } catch (error) {
      this.logger.warn({ err: error }, 'unreadable event notification');
    }
    if (event && event.seq === this.lastSeq + 1) this.dispatch(event);
    else if (!event || event.seq > this.lastSeq) this.pump();
  }

  /** Reads everything after lastSeq, in order; concurrent calls coalesce into one more pass. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.drain().finally(() => {
      this.pumping = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.pump();
      }
    });
  }

  private async drain(): Promise<void> {
    for (let attempt = 0; !this.stopped; ) {
      let batch: OutboundEvent[];
      try {
        batch = await this.readAfter(this.lastSeq);
      } catch (error) {
        // The database is away: keep trying until it answers (every sink waits on this read),
        // backing off to one try every few seconds. Notifications meanwhile coalesce into one more pass.
        if (attempt++ === 0) this.logger.warn({ err: error }, 'reading the event log failed; retrying until it succeeds');
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, DRAIN_RETRY_MAX_MS)));
        continue;
      }
      if (attempt > 0) this.logger.info({ attempts: attempt }, 'reading the event log again');
      attempt = 0;
      for (const event of batch) this.dispatch(event);
      if (batch.length < BATCH) return;
    }
  }

  private async readAfter(seq: number): Promise<OutboundEvent[]> {
    return (await readEventsAfter(this.sql, seq, BATCH)).map(toOutbound);
  }

  private dispatch(event: OutboundEvent): void {
    // A read that was under way while notifications were delivered returns them again.
    if (event.seq <= this.lastSeq) return;
    if (event.seq !== this.lastSeq + 1) {
      // seq is gap-free by construction; a jump means rows were removed by hand.
      this.logger.warn({ expected: this.lastSeq + 1, got: event.seq }, 'event log gap');
    }
    this.lastSeq = event.seq;
    this.recent.push(event);
    if (this.recent.length > this.ring) this.recent.splice(0, this.recent.length - this.ring);
    for (const sink of this.sinks) {
      try {
        if (event.broadcast) sink.deliver(event);
        else sink.control(event);
      } catch (error) {
        this.logger.error({ err: error, seq: event.seq }, 'a sink failed to deliver');
      }
    }
    while (this.waiters.length && this.waiters[0]!.seq <= event.seq) this.waiters.shift()!.resolve();
  }

  private onConflict(payload: string): void {
    try {
      const notice = decodeConflictNotification(payload);
      for (const sink of this.sinks) sink.conflict(notice);
    } catch (error) {
      this.logger.warn({ err: error }, 'bad conflict notification');
    }
  }

  private waitFor(seq: number): Promise<void> {
    if (this.lastSeq >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ seq, resolve });
      this.waiters.sort((a, b) => a.seq - b.seq);
      this.pump();
    });
  }

  /**
   * A client whose `since` the ring still covers is
   * served from memory, with no database round trip: after an instance stops,
   * thousands of screens reconnect to the others at once, each a few events
   * behind. Synchronous, so the caller goes live right after it.
   */
  private replayFromRing(since: number, filter: ReplayFilter, send: ReplaySend): boolean {
    if (since > this.lastSeq) return false;
    if (since < this.lastSeq) {
      const oldest = this.recent[0];
      if (!oldest || oldest.seq > since + 1) return false;
    }
    for (const e of this.recent) if (e.seq > since && e.broadcast && filter(e)) send(e);
    return true;
  }

  /**
   * Replays the events after `since` that pass `filter`, then the ones this hub
   * delivered meanwhile. The caller must go live synchronously when this
   * resolves 'ok': nothing is then missed and nothing sent twice.
   */
  async catchUp(since: number, filter: ReplayFilter, send: ReplaySend): Promise<CatchUpResult> {
    if (this.replayFromRing(since, filter, send)) return 'ok';
    const head = Math.max(this.lastSeq, await latestSeq(this.sql));
    if (since > head || head - since > MAX_REPLAY) return 'resync';
    let cursor = since;
    for (;;) {
      const batch = await this.readAfter(cursor);
      for (const e of batch) {
        if (e.broadcast && filter(e)) send(e);
        cursor = e.seq;
      }
      if (batch.length < BATCH) break;
    }
    await this.waitFor(cursor);
    const first = this.recent.findIndex((e) => e.seq > cursor);
    if (first >= 0 && this.recent[first]!.seq !== cursor + 1) return 'resync';
    if (first >= 0) for (const e of this.recent.slice(first)) if (e.broadcast && filter(e)) send(e);
    return 'ok';
  }
}
