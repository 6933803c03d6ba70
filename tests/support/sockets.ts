import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { BOARD_NAMESPACE } from '@/lib/realtime';

type Message = Record<string, any>;

/** Collects every message and lets a test wait for the ones it expects. */
class Inbox {
  readonly messages: Message[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  push(m: Message): void {
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `predicate` holds for the collected messages; rejects after `ms`. */
  until(predicate: (messages: Message[]) => boolean, ms = 10_000, what = 'messages'): Promise<Message[]> {
    return new Promise((resolve, reject) => {
      const check = () => predicate(this.messages);
      if (check()) return resolve(this.messages);
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; got ${this.messages.length}: ${JSON.stringify(this.messages.slice(-3)).slice(0, 600)}`)),
        ms,
      );
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.messages);
        },
      });
    });
  }

  ofType(type: string): any[] {
    return this.messages.filter((m) => m.type === type);
  }

  events(): any[] {
    return this.messages.filter((m) => typeof m.seq === 'number' && /_(created|updated|deleted)$/.test(m.type));
  }
}

export type RawClient = Inbox & { ws: WebSocket; send: (m: unknown) => void; closed: Promise<{ code: number; reason: string }>; close: () => void };

/** A raw /api/ws client like the original Python test client. */
export async function connectRaw(baseUrl: string, query: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws${query}`, { headers });
  const inbox = new Inbox() as RawClient;
  inbox.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data) => inbox.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return Object.assign(inbox, {
    ws,
    send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    close: () => ws.close(),
  });
}

export type BoardClient = Inbox & { socket: Socket; close: () => void };

/** A Socket.IO /board client; every server event lands in the inbox as {type, ...payload}. */
export async function connectBoard(baseUrl: string, auth: Record<string, unknown>, options: { headers?: Record<string, string> } = {}): Promise<BoardClient> {
  const socket = io(`${baseUrl}${BOARD_NAMESPACE}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: options.headers,
  });
  const inbox = new Inbox() as BoardClient;
  socket.onAny((type: string, payload: Message) => inbox.push({ ...payload, type: payload?.type ?? type }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return Object.assign(inbox, { socket, close: () => socket.disconnect() });
}
