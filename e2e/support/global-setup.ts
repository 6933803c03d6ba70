import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server';
import { E2E_SMTP_PORT, freeSmtpPort, smtpEnv } from './smtp';

// One server for the suite, on a fresh data directory; tests create their own data.
export default async function globalSetup() {
  const port = 3300 + Math.floor(Math.random() * 500);
  // Private targets allowed: the webhook tests deliver to a receiver on 127.0.0.1.
  // E-mail goes to a port on 127.0.0.1 where a test that checks e-mail starts its sink (startE2eSmtpSink); none listens otherwise.
  const smtpPort = await freeSmtpPort();
  process.env[E2E_SMTP_PORT] = String(smtpPort);
  const server = await startServer(port, undefined, { WEBHOOK_ALLOW_PRIVATE: '1', ...smtpEnv(smtpPort) });
  process.env.E2E_BASE_URL = server.url;
  writeFileSync(path.join(server.dataDir, 'e2e-pid'), String(server.child.pid));
  return async () => {
    await server.stop();
  };
}
