/**
 * A lean Socket.IO client for the fan-out benchmark's load generator, and the
 * byte-level JSON peeks it shares with the raw /api/ws listener.
 *
 * Why: thousands of `socket.io-client` sockets in one process turn every
 * delivery into a Buffer → string copy, a full JSON.parse, a packet object and
 * an emitter dispatch; at 68,000 deliveries/s that saturates a core and the
 * generator's own event-loop lag swamps the latency being measured. This
 * client speaks the same wire protocol — Engine.IO v4 over the websocket
 * transport only, Socket.IO v5 packets, text only — straight on `ws`, and for
 * EVENT packets reads only what the benchmark needs, the event name and the
 * top-level `seq` of the first argument, from the raw bytes. Anything that
 * does not fit that fast path (control events, odd packets) is parsed in full.
 * What remains per message is mostly `ws` and the kernel (stream plumbing, one
 * read per socket), which this client does not try to avoid.
 *
 * Protocol, as used here:
 *   server → `0{"sid","pingInterval","pingTimeout",…}`   Engine.IO open
 *   client → `40/board,{auth}`                           Socket.IO CONNECT
 *   server → `40/board,{"sid":…}` | `44/board,{"message":…}`
 *   server → `42/board,["name",{…}]`                     EVENT (optional ack id before `[`)
 *   server → `41/board,`                                 namespace DISCONNECT
 *   server → `2` (ping), client → `3` (pong); `1` close; `6` noop
 */
import WebSocket from 'ws';

// ---------------------------------------------------------------- byte peeks

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const SLASH = 0x2f;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** More digits than this could leave Number's safe-integer range: let JSON.parse decide. */
const MAX_DIGITS = 15;

const isDigit = (b: number | undefined): b is number => b !== undefined && b >= DIGIT_0 && b <= DIGIT_9;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

function skipSpace(buf: Buffer, i: number): number {
  while (isSpace(buf[i])) i++;
  return i;
}

/** Whether `bytes` sit in `buf` at `at`. */
function bytesAt(buf: Buffer, at: number, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (at + n > buf.length) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/** A key as it appears on the wire, quotes included: `"seq"`. */
export const jsonKey = (name: string): Buffer => Buffer.from(JSON.stringify(name));

/**
 * Where the value of `key` (from jsonKey) starts among the own keys of the JSON
 * object opening at `start`, or -1. Strings are skipped as a whole and nested
 * objects and arrays are not looked into, so a `seq` inside `data` is never
 * taken for the event's. It stops at the first match: the server writes
 * `type`, `seq`, `timestamp` first (server/events/outbound-event.ts), so an event
 * costs a few dozen bytes of scanning whatever its size. One tight loop over a
 * Buffer (never a plain Uint8Array: mixing them makes the loop polymorphic).
 */
export function topLevelValue(buf: Buffer, start: number, key: Buffer): number {
  const n = buf.length;
  if (buf[start] !== OPEN_BRACE) return -1;
  let depth = 0;
  let i = start;
  while (i < n) {
    const b = buf[i]!;
    if (b === QUOTE) {
      // Skip the whole string, escapes included (inline: this loop is the hot path).
      let close = i + 1;
      while (close < n) {
        const c = buf[close]!;
        if (c === QUOTE) break;
        close += c === BACKSLASH ? 2 : 1;
      }
      if (close >= n) return -1;
      // A string followed by a colon is a key; a value is followed by `,` `}` or `]`.
      if (depth === 1 && close + 1 - i === key.length && bytesAt(buf, i, key)) {
        const colon = skipSpace(buf, close + 1);
        if (buf[colon] === COLON) return skipSpace(buf, colon + 1);
      }
      i = close + 1;
      continue;
    }
    if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
    else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) return -1;
    i++;
  }
  return -1;
}

/** The JSON non-negative integer at `i`, or -1 when it is anything else (sign, fraction, exponent, too long). */
export function readUint(buf: Buffer, i: number): number {
  let n = 0;
  let j = i;
  for (let b = buf[j]; isDigit(b); b = buf[++j]) {
    if (j - i === MAX_DIGITS) return -1;
    n = n * 10 + (b - DIGIT_0);
  }
  if (j === i) return -1;
  const next = buf[j];
  return next === 0x2e || next === 0x65 || next === 0x45 ? -1 : n; // . e E
}

const SEQ_KEY = jsonKey('seq');

/** The top-level `seq` of the JSON object opening at `start`, or -1. */
export function topLevelSeq(buf: Buffer, start: number): number {
  const at = topLevelValue(buf, start, SEQ_KEY);
  return at < 0 ? -1 : readUint(buf, at);
}

/**
 * Names recognised on the wire without building a string: decoding the event
 * name of every message costs as much as finding its seq.
 */
export class NameTable {
  private readonly quoted: Buffer[];

  constructor(readonly names: readonly string[]) {
    this.quoted = names.map(jsonKey);
  }

  /** The index of the name whose quoted JSON string starts at `at`, or -1. */
  indexAt(buf: Buffer, at: number): number {
    for (let k = 0; k < this.quoted.length; k++) if (bytesAt(buf, at, this.quoted[k]!)) return k;
    return -1;
  }

  /** Index just past the quoted name `index` starting at `at`. */
  endOf(index: number, at: number): number {
    return at + this.quoted[index]!.length;
  }
}

// ---------------------------------------------------------------- client

/** Engine.IO v4 packet types (first byte of every websocket frame). */
const EIO = { open: 0x30, close: 0x31, ping: 0x32, message: 0x34, noop: 0x36 } as const;
/** Socket.IO v5 packet types (the byte after Engine.IO's `4`). */
const SIO = { connect: 0x30, disconnect: 0x31, event: 0x32, ack: 0x33, connectError: 0x34 } as const;

export type LeanHandlers = {
  /**
   * Every EVENT: its name, the top-level `seq` of its first argument (-1 when
   * it has none) and performance.now() taken as the frame arrived.
   */
  onEvent: (name: string, seq: number, receivedAt: number) => void;
  /** The namespace refused us (CONNECT_ERROR), with the server's message. */
  onConnectError: (message: string) => void;
  /** The connection is gone, for whatever reason; called once. */
  onClose: (reason: string) => void;
};

export type LeanOptions = {
  /** http(s):// or ws(s):// origin of the server. */
  url: string;
  namespace: string;
  /** Sent in the CONNECT packet, as socket.io-client sends its `auth` option. */
  auth: Record<string, unknown>;
  /** Event names handed to onEvent as these very strings, without decoding them from each packet. */
  names: NameTable;
  handlers: LeanHandlers;
};

/** One Socket.IO connection to one namespace over a bare WebSocket. */
export class LeanSocketIo {
  private readonly ws: WebSocket;
  private readonly nsp: Buffer;
  private heartbeat: NodeJS.Timeout | undefined;
  private heartbeatMs = 0;
  private finished = false;

  constructor(private readonly options: LeanOptions) {
    this.nsp = Buffer.from(options.namespace);
    const origin = options.url.replace(/^http/, 'ws').replace(/\/$/, '');
    this.ws = new WebSocket(`${origin}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary, performance.now()));
    this.ws.on('close', (code: number) => this.finish(`websocket closed (${code})`));
    // 'close' follows every 'error'; the reason is more useful from here.
    this.ws.on('error', (error: Error) => this.finish(`websocket error: ${error.message}`));
  }

  /** Leaves the namespace the way socket.io-client's disconnect() does, then closes. */
  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.send(`41${this.prefix()}`);
    this.ws.close();
    this.finish('closed by client');
  }

  terminate(): void {
    this.ws.terminate();
    this.finish('terminated by client');
  }

  private prefix(): string {
    return this.options.namespace === '/' ? '' : `${this.options.namespace},`;
  }

  private send(text: string): void {
    this.ws.send(text);
  }

  private finish(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.heartbeat);
    this.options.handlers.onClose(reason);
  }

  private onFrame(data: Buffer, isBinary: boolean, receivedAt: number): void {
    // Binary attachments are not used on /board; a binary frame is not one of ours.
    if (isBinary || data.length === 0) return;
    switch (data[0]) {
      case EIO.message:
        this.onSocketIoPacket(data, receivedAt);
        break;
      case EIO.ping:
        this.armHeartbeat();
        this.send('3');
        break;
      case EIO.open:
        this.onOpen(data);
        break;
      case EIO.close:
        this.ws.close();
        this.finish('engine.io close packet');
        break;
      case EIO.noop:
        break;
    }
  }

  private onOpen(data: Buffer): void {
    const open = parseOr(data.toString('utf8', 1), {}) as { pingInterval?: unknown; pingTimeout?: unknown };
    const ms = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
    // Engine.IO's own defaults, should the open packet leave them out.
    this.heartbeatMs = ms(open.pingInterval, 25_000) + ms(open.pingTimeout, 20_000);
    this.armHeartbeat();
    this.send(`40${this.prefix()}${JSON.stringify(this.options.auth)}`);
  }

  /** As Engine.IO clients do: no ping within pingInterval + pingTimeout means the server is gone. */
  private armHeartbeat(): void {
    if (this.heartbeat) {
      this.heartbeat.refresh();
      return;
    }
    this.heartbeat = setTimeout(() => {
      this.ws.terminate();
      this.finish('ping timeout');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Index just past `/nsp,` when the packet at `data[2]` is for our namespace, else -1. */
  private payloadStart(data: Buffer): number {
    if (data[2] !== SLASH) return this.options.namespace === '/' ? 2 : -1;
    const end = 2 + this.nsp.length;
    return bytesAt(data, 2, this.nsp) && data[end] === COMMA ? end + 1 : -1;
  }

  private onSocketIoPacket(data: Buffer, receivedAt: number): void {
    let at = this.payloadStart(data);
    if (at < 0) return;
    switch (data[1]) {
      case SIO.event:
        while (isDigit(data[at])) at++; // an ack id, which the benchmark never answers
        this.onEvent(data, at, receivedAt);
        break;
      case SIO.connect:
        break; // {"sid":…}: the server then sends caught_up, which is what the benchmark waits for
      case SIO.connectError: {
        const error = parseOr(data.toString('utf8', at), {}) as { message?: unknown };
        this.options.handlers.onConnectError(typeof error.message === 'string' ? error.message : 'connect_error');
        this.ws.close();
        this.finish('connect_error');
        break;
      }
      case SIO.disconnect:
        this.ws.close();
        this.finish('io server disconnect');
        break;
    }
  }

  /**
   * `["name",{…"seq":N…},…]` from `at`: a known name and its seq straight
   * from the bytes; anything else (other names, no seq) gets a full parse.
   */
  private onEvent(data: Buffer, at: number, receivedAt: number): void {
    const names = this.options.names;
    const known = data[at] === OPEN_BRACKET ? names.indexAt(data, at + 1) : -1;
    if (known >= 0) {
      let arg = skipSpace(data, names.endOf(known, at + 1));
      if (data[arg] === COMMA) {
        arg = skipSpace(data, arg + 1);
        const seq = topLevelSeq(data, arg);
        if (seq >= 0) {
          this.options.handlers.onEvent(names.names[known]!, seq, receivedAt);
          return;
        }
      }
    }
    this.onEventParsed(data.toString('utf8', at), receivedAt);
  }

  private onEventParsed(text: string, receivedAt: number): void {
    const packet = parseOr(text, undefined);
    if (!Array.isArray(packet) || typeof packet[0] !== 'string') return;
    const seq = (packet[1] as { seq?: unknown } | null | undefined)?.seq;
    this.options.handlers.onEvent(packet[0], typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : -1, receivedAt);
  }
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}
