import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

/**
 * Clients that behave as real ones do across faults: each keeps the seq of
 * the last event it saw and, whenever its connection ends, reconnects with
 * `since=<that seq>` (raw: `&since=` on the URL; Socket.IO: `auth.since`).
 * They record every assignment event they receive, duplicates included, so
 * a test can compare them with board_events.
 */
export type Listener = {
  kind: 'raw' | 'socket.io';
  name: string;
  /** seq of every assignment event received, in arrival order. */
  seqs: number[];
  lastSeq: number;
  /** Open and past its catch-up (raw: acknowledged; Socket.IO: caught_up received). */
  live: boolean;
  connects: number;
  /** Raw: close codes; Socket.IO: disconnect reasons. */
  closes: (number | string)[];
  /** Socket.IO connect_error messages and raw handshake errors, as the client saw them. */
  errors: string[];
  resyncs: number;
  /** Set when the client stopped reconnecting, as a real one would on 1008 (policy: log in again). */
  gaveUp?: string;
  /** performance.now() of the last time it went live. */
  liveAt: number;
  close: () => void;
};

const ASSIGNMENT = /^assignment_(created|updated|deleted)$/;
const backoff = (attempt: number) => Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() * 0.5);

export function rawListener(baseUrl: string, token: string, since: number, name = 'raw'): Listener {
  let stopped = false;
  let attempt = 0;
  let ws: WebSocket | undefined;
  const l: Listener = {
    kind: 'raw',
    name,
    seqs: [],
    lastSeq: since,
    live: false,
    connects: 0,
    closes: [],
    errors: [],
    resyncs: 0,
    liveAt: 0,
    close: () => {
      stopped = true;
      ws?.close();
    },
  };
  const connect = () => {
    if (stopped) return;
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}&since=${l.lastSeq}`;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    ws = socket;
    socket.on('message', (data: Buffer) => {
      let m: { type?: string; seq?: unknown };
      try {
        m = JSON.parse(data.toString('utf8')) as typeof m;
      } catch {
        return;
      }
      if (m.type === 'connection_ack') {
        l.connects++;
        attempt = 0;
        // As the seed's client does; it also ends the server's wait for a filter before replaying.
        socket.send(JSON.stringify({ type: 'subscribe' }));
      } else if (m.type === 'subscribe_ack') {
        l.live = true;
        l.liveAt = performance.now();
      } else if (m.type === 'resync' && typeof m.seq === 'number') {
        l.resyncs++;
        l.lastSeq = m.seq;
      } else if (ASSIGNMENT.test(m.type ?? '') && typeof m.seq === 'number') {
        l.seqs.push(m.seq);
        l.lastSeq = Math.max(l.lastSeq, m.seq);
      }
    });
    socket.on('unexpected-response', (_req, res) => {
      l.errors.push(`HTTP ${res.statusCode}`);
      res.resume();
      socket.terminate();
    });
    socket.on('error', (error) => l.errors.push(error.message));
    socket.on('close', (code: number) => {
      l.live = false;
      l.closes.push(code);
      if (stopped) return;
      if (code === 1008) {
        l.gaveUp = `closed with 1008`;
        return;
      }
      setTimeout(connect, backoff(attempt++));
    });
  };
  connect();
  return l;
}

export function socketIoListener(baseUrl: string, token: string, since: number, name = 'socket.io'): Listener {
  let stopped = false;
  const l: Listener = {
    kind: 'socket.io',
    name,
    seqs: [],
    lastSeq: since,
    live: false,
    connects: 0,
    closes: [],
    errors: [],
    resyncs: 0,
    liveAt: 0,
    close: () => {
      stopped = true;
      socket.disconnect();
    },
  };
  const socket: Socket = io(`${baseUrl}/board`, {
    transports: ['websocket'],
    forceNew: true,
    // A callback: every reconnect sends the seq held at that moment.
    auth: (cb) => cb({ token, since: l.lastSeq }),
    reconnectionDelay: 200,
    reconnectionDelayMax: 2_000,
    timeout: 5_000,
  });
  socket.on('connect', () => l.connects++);
  socket.on('caught_up', () => {
    l.live = true;
    l.liveAt = performance.now();
  });
  socket.on('resync', (m: { seq: number }) => {
    l.resyncs++;
    l.lastSeq = m.seq;
  });
  socket.onAny((type: string, payload: { seq?: unknown } | undefined) => {
    const seq = payload?.seq;
    if (typeof seq !== 'number' || type === 'caught_up' || type === 'resync') return;
    // Every board event moves `since`; only assignment events are compared.
    if (ASSIGNMENT.test(type)) l.seqs.push(seq);
    l.lastSeq = Math.max(l.lastSeq, seq);
  });
  socket.on('connect_error', (error: Error) => {
    l.errors.push(error.message);
    // Refused by the namespace (not a transport failure): socket.io does not retry by itself.
    if (!socket.active && !stopped) setTimeout(() => socket.connect(), backoff(2));
  });
  socket.on('disconnect', (reason) => {
    l.live = false;
    l.closes.push(reason);
    // The server ended it (a restart, a shutdown): the web app reconnects by itself too.
    if (reason === 'io server disconnect' && !stopped) setTimeout(() => socket.connect(), backoff(1));
  });
  return l;
}
