/**
 * The benchmark's baseline: the least a server can do for the same job. A bare
 * Socket.IO server (namespace /board, rooms 'all', 'direction:IB',
 * 'direction:OB') and a bare `ws` server at /api/ws, in their own process,
 * behind a plain http handler that takes the same REST writes, parses the
 * JSON, keeps the assignments in a Map and broadcasts, synchronously, a
 * message of the same shape and size as DCDock's to the same rooms. No
 * database, no authentication, no validation, no event log, no catch-up.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { announceReady, serveParent, type Direction, type EventRecord } from '@/bench/child-protocol';

type Row = Record<string, any>;
export type Fixtures = { loads: Row[]; ramps: Row[]; statuses: Row[]; user: { id: number; email: string; full_name: string } };

let fixtures: Fixtures = { loads: [], ramps: [], statuses: [], user: { id: 0, email: '', full_name: '' } };
const assignments = new Map<number, Row>();
const events: EventRecord[] = [];
let seq = 0;
let nextId = 1;

const http = createServer({ requestTimeout: 30_000 }, (req, res) => void handle(req, res));
const io = new Server(http, { path: '/socket.io', serveClient: false, perMessageDeflate: false, httpCompression: false, destroyUpgrade: false });
const nsp = io.of('/board');
const asDirection = (v: unknown): Direction | undefined => (v === 'IB' || v === 'OB' ? v : undefined);
nsp.on('connection', (socket) => {
  const direction = asDirection(socket.handshake.auth?.direction);
  void socket.join(direction ? `direction:${direction}` : 'all');
  socket.emit('caught_up', { seq });
});

type RawClient = { ws: WebSocket; direction: Direction | undefined };
const rawClients = new Set<RawClient>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
http.on('upgrade', (req, socket, head) => {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path === '/api/ws') wss.handleUpgrade(req, socket, head, onRaw);
  else if (!path?.startsWith('/socket.io')) socket.destroy();
});
function onRaw(ws: WebSocket): void {
  const client: RawClient = { ws, direction: undefined };
  rawClients.add(client);
  ws.on('close', () => rawClients.delete(client));
  ws.on('error', () => rawClients.delete(client));
  ws.on('message', (data) => {
    try {
      const msg = JSON.parse(data.toString()) as Row;
      if (msg.type === 'subscribe') {
        client.direction = asDirection(msg.filters?.direction);
        ws.send(
          JSON.stringify({ type: 'subscribe_ack', timestamp: new Date().toISOString(), filters: client.direction ? { direction: client.direction } : {} }),
        );
      } else if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
    } catch {
      /* ignore */
    }
  });
  ws.send(
    JSON.stringify({
      type: 'connection_ack',
      timestamp: new Date().toISOString(),
      client_id: `user_0_${Math.floor(Math.random() * 1e8)}`,
      message: 'Connected',
      seq,
    }),
  );
}

function broadcast(action: 'created' | 'updated' | 'deleted', a: Row): void {
  seq++;
  const direction = a.load.direction as Direction;
  const type = `assignment_${action}`;
  const message = {
    type,
    seq,
    timestamp: new Date().toISOString(),
    assignment_id: a.id,
    action: ({ created: 'CREATE', updated: 'UPDATE', deleted: 'DELETE' } as const)[action],
    user_id: fixtures.user.id,
    user_email: fixtures.user.email,
    data: a,
  };
  events.push({ seq, type, id: a.id as number, version: a.version as number, direction });
  nsp.to(['all', `direction:${direction}`]).emit(type, message);
  const json = JSON.stringify(message);
  for (const c of rawClients) if (!c.direction || c.direction === direction) c.ws.send(json);
}

function build(id: number, version: number, body: Row, created: Row | undefined): Row {
  const now = new Date().toISOString();
  const ramp = fixtures.ramps.find((r) => r.id === body.ramp_id)!;
  const load = fixtures.loads.find((l) => l.id === body.load_id)!;
  const status = fixtures.statuses.find((s) => s.id === body.status_id)!;
  const user = fixtures.user;
  return {
    id,
    ramp_id: ramp.id,
    load_id: load.id,
    status_id: status.id,
    eta_in: new Date(body.eta_in).toISOString(),
    eta_out: new Date(body.eta_out).toISOString(),
    version,
    created_by: user.id,
    updated_by: user.id,
    created_at: created?.created_at ?? now,
    updated_at: now,
    ramp: { id: ramp.id, code: ramp.code, description: ramp.description, kind: ramp.kind },
    load: {
      id: load.id,
      reference: load.reference,
      direction: load.direction,
      planned_arrival: load.planned_arrival,
      planned_departure: load.planned_departure,
      notes: load.notes,
    },
    status: { id: status.id, code: status.code, label: status.label, color: status.color },
    creator: user,
    updater: user,
  };
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/api\/assignments\/?(\d+)?\/?$/.exec(url.pathname);
  if (!match) return reply(res, 404, { detail: 'Not Found' });
  let body: Row = {};
  try {
    if (chunks.length) body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Row;
  } catch {
    return reply(res, 400, { detail: 'Invalid JSON' });
  }
  const id = match[1] ? Number(match[1]) : undefined;
  const current = id === undefined ? undefined : assignments.get(id);
  if (req.method === 'POST' && id === undefined) {
    const a = build(nextId++, 1, body, undefined);
    assignments.set(a.id, a);
    broadcast('created', a);
    return reply(res, 201, a);
  }
  if (!current) return reply(res, 404, { detail: 'Assignment not found' });
  if (req.method === 'PATCH' || req.method === 'PUT') {
    if (body.version !== current.version) return reply(res, 409, { detail: 'version conflict', current_version: current.version });
    const a = build(current.id, current.version + 1, { ...current, ...body }, current);
    assignments.set(a.id, a);
    broadcast('updated', a);
    return reply(res, 200, a);
  }
  if (req.method === 'DELETE') {
    assignments.delete(current.id);
    broadcast('deleted', current);
    return reply(res, 204);
  }
  reply(res, 405, { detail: 'Method Not Allowed' });
}

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as AddressInfo;
serveParent(
  {
    fixtures: (f: Fixtures) => {
      fixtures = f;
    },
    head: () => seq,
    events: (args: { since: number }) => events.filter((e) => e.seq > args.since),
    connections: () => nsp.sockets.size + rawClients.size,
  },
  async () => {
    for (const c of rawClients) c.ws.terminate();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  },
);
announceReady(port);
