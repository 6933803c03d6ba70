/**
 * The benchmark's listeners: Socket.IO /board clients and raw /api/ws clients,
 * opened in batches, each recording (seq, receipt time) of every assignment
 * event it gets. Receipt time is performance.now() in this process, the same
 * clock the writer stamps its requests with.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Direction } from '@/bench/child-protocol';

export type Kind = 'socket.io' | 'raw';
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

/** `count` clients split evenly: a third IB, a third OB, the rest without a filter. */
export function splitSpecs(kind: Kind, count: number): ClientSpec[] {
  const third = Math.floor(count / 3);
  return Array.from({ length: count }, (_, i) => ({ kind, filter: i < third ? 'IB' : i < 2 * third ? 'OB' : undefined }));
}

function openSocketIo(url: string, token: string, spec: ClientSpec, timeoutMs: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let closedByUs = false;
    const socket: Socket = io(`${url}/board`, {
      auth: { token, ...(spec.filter ? { direction: spec.filter } : {}) },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: timeoutMs,
    });
    const l: Listener = { ...spec, seqs: [], times: [], bytes: 0, ready: false, droppedEarly: false, close: () => ((closedByUs = true), socket.disconnect()) };
    const timer = setTimeout(() => (socket.disconnect(), reject(new Error('socket.io: no caught_up in time'))), timeoutMs);
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
    socket.once('connect_error', (error) => (clearTimeout(timer), reject(error)));
    socket.on('disconnect', () => {
      if (l.ready && !closedByUs) l.droppedEarly = true;
    });
  });
}

function openRaw(url: string, token: string, spec: ClientSpec, timeoutMs: number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    let closedByUs = false;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    const l: Listener = { ...spec, seqs: [], times: [], bytes: 0, ready: false, droppedEarly: false, close: () => ((closedByUs = true), ws.close()) };
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('raw: no subscribe_ack in time'))), timeoutMs);
    ws.on('message', (data: Buffer) => {
      const now = performance.now();
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
    ws.on('error', (error) => (clearTimeout(timer), reject(error)));
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
  options: { batch: number; timeoutMs: number; onProgress?: (done: number) => void },
): Promise<{ listeners: Listener[]; failures: string[] }> {
  const listeners: Listener[] = [];
  const failures: string[] = [];
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
