/**
 * The DCDock API server for bench/writes.ts, in its own process (see
 * lib-boot-api.ts). Tells the parent its port over IPC ({ready, port}); {cmd: 'stop'} or a lost parent shut it down.
 */
import { bootApi } from '@/bench/lib-boot-api';

if (!process.send) throw new Error('bench/lib-api-child.ts runs under bench/writes.ts (needs an IPC channel)');

// The benchmark logs its operators in once each; keep the login limiter out of the way.
const { port, shutdown } = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: '1000' });

process.on('message', (m: { cmd?: string }) => {
  if (m?.cmd === 'stop') void shutdown().finally(() => process.exit(0));
});
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 3_000).unref();
  void shutdown().finally(() => process.exit(0));
});
process.send({ ready: true, port });
