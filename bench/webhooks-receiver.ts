/**
 * The receivers of bench/webhooks.ts: real node:http servers on 127.0.0.1 that
 * verify X-DCDock-Signature (HMAC-SHA256 of the raw body, as the README says),
 * answer 200 (401 for a bad signature) and record each seq with its receive
 * time (epoch ms, sub-millisecond). Order, gaps and duplicates are judged
 * against the seqs the run expects.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Wall-clock ms with performance.now()'s resolution, comparable with PostgreSQL's commit timestamps. */
export const epochMs = () => performance.timeOrigin + performance.now();

export type BenchReceiver = {
  url: string;
  secret: string;
  /** First receipt of each seq, epoch ms. */
  firstAt: Map<number, number>;
  /** Every seq as it arrived (duplicates included). */
  arrivals: number[];
  badSignatures: number;
  close: () => Promise<void>;
};

function verify(secret: string, body: Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startBenchReceiver(secret: string): Promise<BenchReceiver> {
  const r: BenchReceiver = { url: '', secret, firstAt: new Map(), arrivals: [], badSignatures: 0, close: async () => {} };
  const server: Server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = epochMs();
      if (!verify(secret, Buffer.concat(chunks), req.headers['x-dcdock-signature'] as string | undefined)) {
        r.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const seq = Number(req.headers['x-dcdock-seq']);
      r.arrivals.push(seq);
      if (!r.firstAt.has(seq)) r.firstAt.set(seq, at);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '2' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return r;
}

export const hasAll = (r: BenchReceiver, expected: readonly number[]) => expected.every((s) => r.firstAt.has(s));

export type StreamCheck = { expected: number; received: number; missing: number; outOfOrder: number; duplicates: number; badSignatures: number };

/**
 * Out of order: a first receipt below a seq already received (a redelivery of an
 * older seq is a duplicate, not disorder). Missing: expected seqs never received.
 */
export function checkStream(r: BenchReceiver, expected: readonly number[]): StreamCheck {
  const want = new Set(expected);
  const seen = new Set<number>();
  let max = -1;
  let outOfOrder = 0;
  let duplicates = 0;
  for (const seq of r.arrivals) {
    if (!want.has(seq)) continue;
    if (seen.has(seq)) {
      duplicates++;
      continue;
    }
    if (seq < max) outOfOrder++;
    seen.add(seq);
    max = Math.max(max, seq);
  }
  return { expected: want.size, received: seen.size, missing: want.size - seen.size, outOfOrder, duplicates, badSignatures: r.badSignatures };
}

/** Sums the checks of several receivers. */
export const sumChecks = (checks: StreamCheck[]): StreamCheck =>
  checks.reduce(
    (a, c) => ({
      expected: a.expected + c.expected,
      received: a.received + c.received,
      missing: a.missing + c.missing,
      outOfOrder: a.outOfOrder + c.outOfOrder,
      duplicates: a.duplicates + c.duplicates,
      badSignatures: a.badSignatures + c.badSignatures,
    }),
    { expected: 0, received: 0, missing: 0, outOfOrder: 0, duplicates: 0, badSignatures: 0 },
  );
