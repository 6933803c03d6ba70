/**
 * The benchmark's listeners: Socket.IO /board clients and raw /api/ws clients,
 * opened in batches, each recording (seq, receipt time) of every assignment
 * event it gets. Receipt time is performance.now() in this process, the same
 * clock the writer stamps its requests with.
 *
 * All of them share one process, so their cost per message is the load
 * generator's ceiling: the Socket.IO clients are the lean ones from
 * bench/lib-sio-lean.ts unless `socket.io-client` is asked for, and the raw
 * listener reads type and seq of events from the bytes without JSON.parse.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Direction } from '@/bench/child-protocol';
import { jsonKey, LeanSocketIo, NameTable, topLevelSeq, topLevelValue } from '@/bench/lib-sio-lean';

export type Kind = 'socket.io' | 'raw';
/** Which Socket.IO client implementation the socket.io listeners use. */
export type SioClient = 'lean' | 'official';
export const SIO_CLIENTS: readonly SioClient[] = ['lean', 'official'];
export type ClientSpec = { kind: Kind; filter: Direction | undefined };

export type Listener = ClientSpec & {
  seqs: number[];
  times: number[];
  /** Bytes of the raw messages (raw clients only), to compare payload sizes. */
  bytes: number;
  ready: boolean;
  /** Closed by the other side before we closed it. */
  droppedEarly: boolean;
  close: () => void;
};

const EVENT_TYPE = /^assignment_(created|updated|deleted)$/;
/** EVENT_TYPE for the lean paths, matched on the bytes: the events recorded come first, `caught_up` last. */
const EVENTS = ['assignment_created', 'assignment_updated', 'assignment_deleted'];
const LEAN_NAMES = new NameTable([...EVENTS, 'caught_up']);
const RAW_EVENT_NAMES = new NameTable(EVENTS);
const EVENT_SET: ReadonlySet<string> = new Set(EVENTS);
const TYPE_KEY = jsonKey('type');
const authOf = (token: string, spec: ClientSpec) => ({ token, ...(spec.filter ? { direction: spec.filter } : {}) });

/** `count` clients split evenly: a third IB, a third OB, the rest without a filter. */
export function splitSpecs(kind: Kind, count: number): ClientSpec[] {
  const third = Math.floor(count / 3);
  return Array.from({ length: count }, (_, i) => ({ kind, filter: i < third ? 'IB' : i < 2 * third ? 'OB' : undefined }));
}

function openOfficialSocketIo(url: string, token: string, spec: ClientSpec, timeoutMs: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let closedByUs = false;
    const socket: Socket = io(`${url}/board`, {
      auth: authOf(token, spec),
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: timeoutMs,
    });
    const close = () => {
      closedByUs = true;
      socket.disconnect();
    };
    const l: Listener = { ...spec, seqs: [], times: [], bytes: 0, ready: false, droppedEarly: false, close };
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('socket.io: no caught_up in time'));
    }, timeoutMs);
    socket.onAny((type: string, payload: { seq?: unknown }) => {
      if (EVENT_TYPE.test(type) && typeof payload?.seq === 'number') {
        l.times.push(performance.now());
        l.seqs.push(payload.seq);
      }
    });
    socket.once('caught_up', () => {
      clearTimeout(timer);
      l.ready = true;
      resolve(l);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('disconnect', () => {
      if (l.ready && !closedByUs) l.droppedEarly = true;
    });
  });
}

/** Same auth, same readiness (`caught_up`) and same records as the official client, on bench/lib-sio-lean.ts. */
function openLeanSocketIo(url: string, token: string, spec: ClientSpec, timeoutMs: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let closedByUs = false;
    const close = () => {
      closedByUs = true;
      socket.close();
    };
    const l: Listener = { ...spec, seqs: [], times: [], bytes: 0, ready: false, droppedEarly: false, close };
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('socket.io: no caught_up in time'));
    }, timeoutMs);
    const socket = new LeanSocketIo({
      url,
      namespace: '/board',
      auth: authOf(token, spec),
      names: LEAN_NAMES,
      handlers: {
        onEvent: (name, seq, receivedAt) => {
          if (seq >= 0 && EVENT_SET.has(name)) {
            l.times.push(receivedAt);
            l.seqs.push(seq);
          } else if (name === 'caught_up' && !l.ready) {
            clearTimeout(timer);
            l.ready = true;
            resolve(l);
          }
        },
        onConnectError: (message) => {
          clearTimeout(timer);
          reject(new Error(message));
        },
        onClose: (reason) => {
          clearTimeout(timer);
          if (!l.ready) reject(new Error(`socket.io: ${reason} before caught_up`));
          else if (!closedByUs) l.droppedEarly = true;
        },
      },
    });
  });
}

/**
 * The seq of an assignment event message (`{"type":"assignment_…","seq":N,…}`)
 * read from the bytes, or -1 for anything else, which then gets a full parse.
 */
function rawEventSeq(data: Buffer): number {
  const typeAt = topLevelValue(data, 0, TYPE_KEY);
  return typeAt >= 0 && RAW_EVENT_NAMES.indexAt(data, typeAt) >= 0 ? topLevelSeq(data, 0) : -1;
}

function openRaw(url: string, token: string, spec: ClientSpec, timeoutMs: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let closedByUs = false;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    const close = () => {
      closedByUs = true;
      ws.close();
    };
    const l: Listener = { ...spec, seqs: [], times: [], bytes: 0, ready: false, droppedEarly: false, close };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('raw: no subscribe_ack in time'));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      const now = performance.now();
      const seq = rawEventSeq(data);
      if (seq >= 0) {
        l.times.push(now);
        l.seqs.push(seq);
        l.bytes += data.length;
        return;
      }
      // Control messages, and anything the byte peek could not read.
      let m: { type?: string; seq?: number };
      try {
        m = JSON.parse(data.toString('utf8')) as typeof m;
      } catch {
        return;
      }
      if (typeof m.seq === 'number' && EVENT_TYPE.test(m.type ?? '')) {
        l.times.push(now);
        l.seqs.push(m.seq);
        l.bytes += data.length;
      } else if (m.type === 'connection_ack') {
        ws.send(JSON.stringify(spec.filter ? { type: 'subscribe', filters: { direction: spec.filter } } : { type: 'subscribe' }));
      } else if (m.type === 'subscribe_ack') {
        clearTimeout(timer);
        l.ready = true;
        resolve(l);
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (!l.ready) reject(new Error('raw: closed before subscribe_ack'));
      else if (!closedByUs) l.droppedEarly = true;
    });
  });
}

/** Opens every client, `batch` at a time; returns the ones that became ready and the failures. */
export async function connectAll(
  url: string,
  token: string,
  specs: ClientSpec[],
  options: { batch: number; timeoutMs: number; sioClient?: SioClient; onProgress?: (done: number) => void },
): Promise<{ listeners: Listener[]; failures: string[] }> {
  const listeners: Listener[] = [];
  const failures: string[] = [];
  const openSocketIo = options.sioClient === 'official' ? openOfficialSocketIo : openLeanSocketIo;
  for (let i = 0; i < specs.length; i += options.batch) {
    const slice = specs.slice(i, i + options.batch);
    const results = await Promise.allSettled(
      slice.map((s) => (s.kind === 'raw' ? openRaw(url, token, s, options.timeoutMs) : openSocketIo(url, token, s, options.timeoutMs))),
    );
    for (const r of results) {
      if (r.status === 'fulfilled') listeners.push(r.value);
      else failures.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
    }
    options.onProgress?.(Math.min(specs.length, i + options.batch));
  }
  return { listeners, failures };
}

export async function closeAll(listeners: Listener[]): Promise<void> {
  for (const l of listeners) l.close();
  await new Promise((r) => setTimeout(r, 200));
}
