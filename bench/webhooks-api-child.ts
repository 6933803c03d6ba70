/**
 * The DCDock API server for bench/webhooks.ts, in its own process (see
 * lib-boot-api.ts), with its webhook delivery worker and private targets
 * allowed (the receivers are on 127.0.0.1). Tells the parent its port over IPC.
 */
import { bootApi } from '@/bench/lib-boot-api';

if (!process.send) throw new Error('bench/webhooks-api-child.ts runs under bench/webhooks.ts (needs an IPC channel)');

const { port, shutdown } = await bootApi({ LOGIN_MAX_PER_IP_PER_MINUTE: '1000', WEBHOOK_ALLOW_PRIVATE: '1' });

process.on('message', (m: { cmd?: string }) => {
  if (m?.cmd === 'stop') void shutdown().finally(() => process.exit(0));
});
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 3_000).unref();
  void shutdown().finally(() => process.exit(0));
});
process.send({ ready: true, port });
