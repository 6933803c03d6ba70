import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './server';

// One server for the suite, on a fresh data directory; tests create their own data.
export default async function globalSetup() {
  const port = 3300 + Math.floor(Math.random() * 500);
  const server = await startServer(port);
  process.env.E2E_BASE_URL = server.url;
  writeFileSync(path.join(server.dataDir, 'e2e-pid'), String(server.child.pid));
  return async () => {
    await server.stop();
  };
}
