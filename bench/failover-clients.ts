/**
 * bench:failover's clients: the lean Socket.IO client (bench/lib-sio-lean.ts)
 * and a raw /api/ws client, each reconnecting as the web app and the seed's
 * clients do: when the connection ends, wait a jittered moment, connect again
 * with `since=<last seq seen>`. Every assignment event is recorded (seq and
 * receipt time), and so is each (re)connect's timeline: when the old
 * connection closed, when the new one was opened, when it was caught up.
 */
import WebSocket from 'ws';
import { LeanSocketIo, NameTable } from '@/bench/lib-sio-lean';

export type Kind = 'socket.io' | 'raw';

export type Session = {
  /** performance.now() when this connection was opened, and when it was caught up (0: not yet). */
  openedAt: number;
  caughtUpAt: number;
  /** The server's head when it accepted us (raw: connection_ack's seq; Socket.IO: caught_up's seq). */
  headAtConnect: number;
};

export type Client = {
  kind: Kind;
  seqs: number[];
  lastSeq: number;
  live: boolean;
  sessions: Session[];
  /** performance.now() of every close the server (or the network) caused. */
  closedAt: number[];
  closeReasons: string[];
  resyncs: number;
  errors: number;
  close: () => void;
};

export type ClientOptions = {
  url: string;
  token: string;
  since: number;
  /** Connect the first time without `since`, as a screen that has just loaded the board. */
  fresh?: boolean;
  /** Mean reconnect delay; each wait is uniform in [0.5, 1.5] × this (socket.io-client's randomization 0.5). */
  reconnectMs: number;
};

const EVENTS = ['assignment_created', 'assignment_updated', 'assignment_deleted'];
const NAMES = new NameTable([...EVENTS, 'caught_up', 'resync']);
const jitter = (ms: number) => ms * (0.5 + Math.random());

function newClient(kind: Kind, since: number): Client {
  return { kind, seqs: [], lastSeq: since, live: false, sessions: [], closedAt: [], closeReasons: [], resyncs: 0, errors: 0, close: () => {} };
}

export function socketIoClient(o: ClientOptions): Client {
  const c = newClient('socket.io', o.since);
  let stopped = false;
  let socket: LeanSocketIo | undefined;
  const connect = () => {
    if (stopped) return;
    const session: Session = { openedAt: performance.now(), caughtUpAt: 0, headAtConnect: -1 };
    c.sessions.push(session);
    socket = new LeanSocketIo({
      url: o.url,
      namespace: '/board',
      auth: o.fresh && c.sessions.length === 1 ? { token: o.token } : { token: o.token, since: c.lastSeq },
      names: NAMES,
      handlers: {
        onEvent: (name, seq, receivedAt) => {
          if (name === 'caught_up') {
            c.live = true;
            session.caughtUpAt = receivedAt;
            session.headAtConnect = seq;
            c.lastSeq = Math.max(c.lastSeq, seq);
          } else if (name === 'resync') {
            c.resyncs++;
            if (seq >= 0) c.lastSeq = seq;
          } else if (seq >= 0) {
            if (EVENTS.includes(name)) c.seqs.push(seq);
            c.lastSeq = Math.max(c.lastSeq, seq);
          }
        },
        onConnectError: () => c.errors++,
        onClose: (reason) => {
          c.live = false;
          if (stopped) return;
          c.closedAt.push(performance.now());
          c.closeReasons.push(reason);
          setTimeout(connect, jitter(o.reconnectMs));
        },
      },
    });
  };
  c.close = () => {
    stopped = true;
    socket?.close();
  };
  connect();
  return c;
}

export function rawClient(o: ClientOptions): Client {
  const c = newClient('raw', o.since);
  let stopped = false;
  let ws: WebSocket | undefined;
  const connect = () => {
    if (stopped) return;
    const session: Session = { openedAt: performance.now(), caughtUpAt: 0, headAtConnect: -1 };
    c.sessions.push(session);
    const since = o.fresh && c.sessions.length === 1 ? '' : `&since=${c.lastSeq}`;
    const socket = new WebSocket(`${o.url.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(o.token)}${since}`, { perMessageDeflate: false });
    ws = socket;
    // Caught up: acknowledged, and holding every event up to the head the server had then.
    const check = (at: number) => {
      if (!session.caughtUpAt && session.headAtConnect >= 0 && c.lastSeq >= session.headAtConnect) {
        session.caughtUpAt = at;
        c.live = true;
      }
    };
    socket.on('message', (data: Buffer) => {
      const at = performance.now();
      const m = JSON.parse(data.toString('utf8')) as { type?: string; seq?: number };
      if (m.type === 'connection_ack') {
        session.headAtConnect = m.seq ?? 0;
        // Fresh: live from the ack on, so it has "everything" it can expect.
        if (!since) c.lastSeq = Math.max(c.lastSeq, session.headAtConnect);
        // Subscribing at once also ends the server's short wait for a filter before it replays.
        socket.send('{"type":"subscribe"}');
      } else if (m.type === 'resync') {
        c.resyncs++;
        c.lastSeq = m.seq ?? c.lastSeq;
      } else if (typeof m.seq === 'number' && EVENTS.includes(m.type ?? '')) {
        c.seqs.push(m.seq);
        c.lastSeq = Math.max(c.lastSeq, m.seq);
      }
      check(at);
    });
    socket.on('error', () => c.errors++);
    socket.on('close', (code: number) => {
      c.live = false;
      if (stopped) return;
      c.closedAt.push(performance.now());
      c.closeReasons.push(String(code));
      setTimeout(connect, jitter(o.reconnectMs));
    });
  };
  c.close = () => {
    stopped = true;
    ws?.close();
  };
  connect();
  return c;
}
