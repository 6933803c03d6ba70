/**
 * One DCDock instance as `npm start` runs it with DATABASE_URL, minus Next.js:
 * the REST API, both socket kinds and the fan-out on 127.0.0.1 (PORT, or a
 * free port), with the production shutdown and crash handlers, in a process
 * of its own for tests that signal or kill it. DATABASE_URL and AUTH_SECRET
 * come from the environment; SHUTDOWN_DEADLINE_MS shortens the forced close.
 * Prints `LISTENING <port>` once it accepts connections (and sends `{ready,
 * port}` over IPC when spawned with a channel), and as it exits prints when
 * it finished its last response (to check "exits within 5 s of its last
 * request"). Logs go to stdout as JSON lines.
 */
import type { AddressInfo } from 'node:net';
import { createLoginGuard } from '@/server/auth/login';
import { loadConfig } from '@/server/config';
import { installCrashHandlers } from '@/server/crash';
import { createDb } from '@/server/db/client';
import { createApp, LISTEN_BACKLOG } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startMail } from '@/server/mail/start-mail';
import { startRealtime } from '@/server/realtime/start-realtime';
import { installShutdown } from '@/server/shutdown';

const env = process.env;
const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', ...env });
const logger = createLogger(config.logLevel);
const db = createDb(config.databaseUrl!, config.poolSize);
const deps: AppDeps = { config, db, logger, loginGuard: createLoginGuard(config, db) };
const { server, lifecycle } = createApp(deps);
const realtime = await startRealtime(server, deps);
deps.realtime = realtime;
const mail = startMail(deps, realtime.hub);

let lastResponseAt = 0;
server.on('request', (_req, res) => res.once('close', () => (lastResponseAt = Date.now())));
// Written synchronously (stdout is a pipe), so it survives process.exit().
process.once('exit', (code) => console.log(`INSTANCE_EXIT ${JSON.stringify({ code, lastResponseAt, exitAt: Date.now() })}`));

await new Promise<void>((resolve) => server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, resolve));
const shutdown = installShutdown({
  server,
  lifecycle,
  logger,
  closeSockets: () => realtime.close(),
  closeRest: async () => {
    await mail?.stop();
    await db.$client.end({ timeout: 5 });
  },
  // Tests of the forced close shorten the 10 s.
  deadlineMs: env.SHUTDOWN_DEADLINE_MS ? Number(env.SHUTDOWN_DEADLINE_MS) : undefined,
});
// As server/index.ts: an uncaught error shuts down the same way and exits 1.
installCrashHandlers(logger, (reason) => shutdown(reason, 1));
const { port } = server.address() as AddressInfo;
console.log(`LISTENING ${port}`);
if (process.send) {
  // The test runner went away: do not linger.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.send({ ready: true, port });
}
