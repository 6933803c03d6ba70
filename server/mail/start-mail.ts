import type { AppDeps } from '@/server/http/route';
import type { Realtime } from '@/server/realtime/start-realtime';
import { createSmtpTransport, type MailTransport } from '@/server/mail/mail-sender';
import { MailService } from '@/server/mail/mail-service';

/**
 * Starts e-mail when SMTP_URL is set, woken by the fan-out like webhook delivery; null (nothing runs, nothing is read
 * or written for e-mail) without it. Every instance may start it: the mail lease lets one at a time send.
 */
export function startMail(
  deps: Pick<AppDeps, 'db' | 'logger' | 'config'>,
  hub: Pick<Realtime['hub'], 'addSink'>,
  transport?: MailTransport,
): MailService | null {
  const { config } = deps;
  if (!config.mail.smtpUrl) return null;
  const site = { timeZone: config.timeZone, locale: config.locale, publicUrl: config.publicUrl };
  const service = new MailService(deps.db, deps.logger, config.instanceId, config.mail, site, transport ?? createSmtpTransport(config.mail.smtpUrl));
  hub.addSink(service.sink);
  service.start();
  return service;
}
