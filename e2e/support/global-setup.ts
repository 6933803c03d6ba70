import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server';

// One server for the suite, on a fresh data directory; tests create their own data.
export default async function globalSetup() {
  const port = 3300 + Math.floor(Math.random() * 500);
  // Private targets allowed: the webhook tests deliver to a receiver on 127.0.0.1.
  const server = await startServer(port, undefined, { WEBHOOK_ALLOW_PRIVATE: '1' });
  process.env.E2E_BASE_URL = server.url;
  // Specs that need a fixture the API cannot make reach the suite's own database through it (e2e/book).
  process.env.E2E_DATA_DIR = server.dataDir;
  writeFileSync(path.join(server.dataDir, 'e2e-pid'), String(server.child.pid));
  return async () => {
    await server.stop();
  };
}
