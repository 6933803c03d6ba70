// A real HTTP receiver for the webhook tests: records every POST, answers what `answer` says.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { seq: number; event: string; signature: string; previous: string | undefined; body: string; status: number; at: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** The status to answer the next POSTs with (default 200). */
  answer: (status: number) => void;
  /** How long each answer waits (a slow receiver keeps a stream in flight). */
  slowDown: (ms: number) => void;
  /** The 2xx-answered seqs, in arrival order. */
  acked: () => number[];
  close: () => Promise<void>;
};

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const received: Received[] = [];
  let status = 200;
  let delayMs = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answerWith = status;
      received.push({
        seq: Number(req.headers['x-dcdock-seq']),
        event: String(req.headers['x-dcdock-event']),
        signature: String(req.headers['x-dcdock-signature']),
        previous: req.headers['x-dcdock-signature-previous'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
        status: answerWith,
        at: performance.now(),
      });
      const reply = () => res.writeHead(answerWith, { 'Content-Type': 'text/plain' }).end('ok');
      if (delayMs) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (s) => (status = s),
    slowDown: (ms) => (delayMs = ms),
    acked: () => received.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.seq),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The README's verification: HMAC-SHA256 of the raw body, compared in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
