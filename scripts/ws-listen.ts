/**
 * A terminal listener for the raw WebSocket API, like the original Python test client:
 *   npm run ws:listen -- [email] [password] [IB|OB]
 * Logs in, connects to /api/ws, subscribes, prints one line per message and
 * reconnects with `&since=<last seq>` so nothing is missed. DCDOCK_URL sets the server.
 */
import WebSocket from 'ws';
import type { Direction, RawClientMessage, RawServerMessage, SeedEventMessage } from '@/lib/realtime';

const [email = 'admin@dcdock.com', password = 'admin123', dirArg] = process.argv.slice(2);
const directionArg = dirArg?.toUpperCase();
if (directionArg !== undefined && directionArg !== 'IB' && directionArg !== 'OB') {
  console.error(`Usage: npm run ws:listen -- [email] [password] [IB|OB]   (got direction "${dirArg}")`);
  process.exit(2);
}
const direction: Direction | undefined = directionArg;
const base = (process.env.DCDOCK_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

type Msg = Record<string, any>;
/** An event of the log: `<entity>_<action>` with a seq (other messages are acks, errors and notices). */
const isEvent = (m: RawServerMessage): m is SeedEventMessage => /_(created|updated|deleted)$/.test(m.type);
let token: string | undefined;
let lastSeq: number | undefined;
let ws: WebSocket | undefined;
let backoff = 1000;
let stopping = false;

const time = () => new Date().toISOString().slice(11, 23);
const log = (text: string) => console.log(`${time()} ${text}`);

async function login(): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json().catch(() => ({}))) as Msg;
  if (!res.ok || typeof body.access_token !== 'string') {
    const err = new Error(`login failed: HTTP ${res.status} ${body.detail ?? ''}`.trim());
    if (res.status === 401 || res.status === 422) (err as Error & { fatal?: boolean }).fatal = true;
    throw err;
  }
  return body.access_token;
}

function summary(m: Msg): string {
  const d = m.data as Msg | undefined;
  if (m.assignment_id !== undefined && d) return [d.load?.reference, d.ramp?.code, d.status?.code].filter(Boolean).join(' ');
  if (m.entity && d) return `${m.entity} #${m.entity_id} ${d.code ?? d.reference ?? ''}`.trim();
  return m.message ?? m.details ?? (m.filters ? JSON.stringify(m.filters) : '');
}

function print(m: Msg): void {
  const parts = [String(m.type).padEnd(20)];
  if (typeof m.seq === 'number') parts.push(`seq=${m.seq}`);
  if (m.assignment_id !== undefined) parts.push(`assignment=${m.assignment_id}`);
  if (m.user_email) parts.push(`by=${m.user_email}`);
  const text = summary(m);
  if (text) parts.push(`| ${text}`);
  log(parts.join(' '));
}

function send(m: RawClientMessage): void {
  ws?.send(JSON.stringify(m));
}

function onMessage(m: RawServerMessage): void {
  if (m.type === 'connection_ack') {
    backoff = 1000;
    lastSeq ??= m.seq; // first connection: follow from here; later ones replay from our own last seq
    print(m);
    send(direction ? { type: 'subscribe', filters: { direction } } : { type: 'subscribe' });
    return;
  }
  if (m.type === 'resync' && typeof m.seq === 'number') lastSeq = m.seq;
  else if (isEvent(m) && typeof m.seq === 'number') {
    lastSeq = Math.max(lastSeq ?? 0, m.seq);
    // A replay after `since` can start before our subscribe is read: filter here too.
    const d = (m.data as Msg | undefined)?.load?.direction;
    if (direction && d && d !== direction) return;
  }
  print(m);
}

async function connect(): Promise<void> {
  if (stopping) return;
  try {
    token ??= await login();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    console.error(`${time()} ${(error as Error).message}${cause ? ` (${cause} ${base})` : ''}`);
    if ((error as { fatal?: boolean }).fatal) process.exit(1);
    return retry();
  }
  const since = lastSeq === undefined ? '' : `&since=${lastSeq}`;
  const url = `${base.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}${since}`;
  log(`connecting to ${base.replace(/^http/, 'ws')}/api/ws${since ? ` (since=${lastSeq})` : ''} as ${email}${direction ? `, direction ${direction}` : ''}`);
  const socket = new WebSocket(url);
  ws = socket;
  socket.on('message', (data) => {
    try {
      // A newer server may send more than this script knows: it prints that as it comes.
      onMessage(JSON.parse(data.toString()) as RawServerMessage);
    } catch {
      log(`(not JSON) ${data.toString().slice(0, 200)}`);
    }
  });
  socket.on('error', (error) => log(`connection error: ${error.message}`));
  socket.on('close', (code, reason) => {
    if (stopping) return;
    log(`disconnected (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
    if (code === 1008) token = undefined; // expired or refused token: log in again
    retry();
  });
}

function retry(): void {
  if (stopping) return;
  log(`reconnecting in ${backoff / 1000} s`);
  setTimeout(() => void connect(), backoff);
  backoff = Math.min(backoff * 2, 10_000);
}

function stop(): void {
  if (stopping) process.exit(0);
  stopping = true;
  log('bye');
  if (!ws || ws.readyState === WebSocket.CLOSED) process.exit(0);
  ws.once('close', () => process.exit(0));
  ws.close(1000);
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

void connect();
