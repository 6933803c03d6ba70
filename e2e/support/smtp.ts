// A real SMTP server for tests (the smtp-server package) on 127.0.0.1 that keeps every message it accepts.
// Used by the e-mail API tests (tests/mail/*) and by Playwright tests: give DCDock SMTP_URL = sink.url.
import { type AddressInfo, createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  /** The envelope's recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  /** When it was accepted (ms since the epoch). */
  receivedAt: number;
};

export type SmtpSink = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Accepted messages, in the order they were accepted. */
  messages: ReceivedMail[];
  /** The first message (already here or still to come) that matches; rejects after `timeoutMs`. */
  waitFor: (predicate: (m: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  /** Refuse every message with this SMTP code from now on (451: try again later; 550: refused for good); null accepts again. */
  failWith: (code: number | null) => void;
  /** Answer each message this much later (a slow server: a sender stopped meanwhile has one in flight). */
  delay: (ms: number) => void;
  /** Messages refused so far. */
  refused: () => number;
  close: () => Promise<void>;
};

/** A port free right now on 127.0.0.1 (for a sink started later on a port a server was already told). */
export async function freeSmtpPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The variable (set by global-setup.ts for every worker) naming the port the suite's server sends its e-mail to. */
export const E2E_SMTP_PORT = 'E2E_SMTP_PORT';

/** A DCDock server's settings to send to a sink on `port` soon: retries stay short while none listens yet. */
export const smtpEnv = (port: number): Record<string, string> => ({
  SMTP_URL: `smtp://127.0.0.1:${port}`,
  MAIL_FROM: 'DCDock <dock@dcdock.test>',
  MAIL_RETRY_MAX_MS: '1000',
});

/**
 * In a Playwright test: the sink the suite's server sends its e-mail to (close it at the end of the test). Messages
 * written while no sink listened arrive once it does; filter with `waitFor(predicate)`.
 */
export function startE2eSmtpSink(): Promise<SmtpSink> {
  const port = Number(process.env[E2E_SMTP_PORT]);
  if (!port) throw new Error(`${E2E_SMTP_PORT} is not set: run the test with the suite's global setup`);
  return startSmtpSink({ port });
}

/** Starts the sink on `port` (0: any free one). */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<(m: ReceivedMail) => void>();
  let failCode: number | null = null;
  let refused = 0;
  let delayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200,
    // No reverse DNS of 127.0.0.1 on every connection (it costs hundreds of milliseconds on some machines).
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => setTimeout(answer, delayMs));
      const answer = () => {
        if (failCode !== null) {
          refused++;
          return callback(Object.assign(new Error(failCode >= 500 ? 'Refused' : 'Try again later'), { responseCode: failCode }));
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const [key, value] of parsed.headers) if (typeof value === 'string') headers[key] = value;
            const mail: ReceivedMail = {
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers,
              receivedAt: Date.now(),
            };
            messages.push(mail);
            for (const w of [...waiters]) w(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      };
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor: (predicate, timeoutMs = 10_000) => {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such e-mail within ${timeoutMs} ms; got: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`));
        }, timeoutMs);
        const check = (m: ReceivedMail) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    failWith: (code) => {
      failCode = code;
    },
    delay: (ms) => {
      delayMs = ms;
    },
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
