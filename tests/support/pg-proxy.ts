import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy between the app and PostgreSQL that can lose a COMMIT's answer:
 * once armed, the next connection that sends COMMIT has it forwarded, and as
 * soon as the server has answered "COMMIT" (so the transaction did commit)
 * both sides are cut without that answer reaching the client. That is the
 * failure after which a client cannot know whether its write happened.
 *
 * It reads the client's protocol messages only to recognise COMMIT: as a
 * simple Query, or as an extended-protocol Parse of "COMMIT" whose statement
 * (postgres.js prepares it once per connection) is later bound by name.
 */
export type PgProxy = {
  url: string;
  /** Drops the answer to the next COMMIT; resolves once it has been dropped. */
  armCommitDrop: () => Promise<void>;
  /** Holds every answer of the server (connections stay open, nothing arrives), as a partitioned network does; `resume` delivers them. */
  stall: () => void;
  resume: () => void;
  close: () => Promise<void>;
};

const COMMIT_TAG = Buffer.from('COMMIT\0');

export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let armed: (() => void) | undefined;
  let stalled = false;
  const held: { client: Socket; chunk: Buffer }[] = [];

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);

    let pending = Buffer.alloc(0);
    let started = false;
    const commitStatements = new Set<string>();
    let dropping: (() => void) | undefined;

    /** Scans whole messages of the client's stream; true when one of them runs COMMIT. */
    const sendsCommit = (chunk: Buffer): boolean => {
      pending = Buffer.concat([pending, chunk]);
      let found = false;
      for (;;) {
        if (!started) {
          // The startup message has no type byte.
          if (pending.length < 4) break;
          const len = pending.readInt32BE(0);
          if (pending.length < len) break;
          pending = pending.subarray(len);
          started = true;
          continue;
        }
        if (pending.length < 5) break;
        const type = String.fromCharCode(pending[0]!);
        const len = pending.readInt32BE(1);
        if (pending.length < 1 + len) break;
        const body = pending.subarray(5, 1 + len);
        const strings = (n: number) => {
          const out: string[] = [];
          let at = 0;
          for (let i = 0; i < n; i++) {
            const zero = body.indexOf(0, at);
            out.push(body.subarray(at, zero).toString());
            at = zero + 1;
          }
          return out;
        };
        if (type === 'Q' && /^\s*commit\s*;?\s*$/i.test(strings(1)[0]!)) found = true;
        if (type === 'P') {
          const [name, query] = strings(2);
          if (/^\s*commit\s*;?\s*$/i.test(query!)) commitStatements.add(name!);
        }
        if (type === 'B' && commitStatements.has(strings(2)[1]!)) found = true;
        pending = pending.subarray(1 + len);
      }
      return found;
    };

    client.on('data', (chunk: Buffer) => {
      if (sendsCommit(chunk) && armed && !dropping) {
        dropping = armed;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropping && chunk.includes(COMMIT_TAG)) {
        // Committed on the server; the client never hears of it.
        const done = dropping;
        end();
        done();
        return;
      }
      if (stalled) held.push({ client, chunk });
      else client.write(chunk);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    armCommitDrop: () =>
      new Promise<void>((resolve) => {
        armed = resolve;
      }),
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const { client, chunk } of held.splice(0)) if (!client.destroyed) client.write(chunk);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
