import { z } from 'zod';

/** The environment variables of e-mail (SPEC §9), merged into server/config.ts's schema. */
export const mailEnvShape = {
  /** smtp://user:pass@host:587 or smtps://…; without it nothing is sent and nothing fails. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^smtps?:\/\//.test(v), 'SMTP_URL must start with smtp:// or smtps://'),
  /** The From address of every message. */
  MAIL_FROM: z.string().default('DCDock <dcdock@localhost>'),
};

export type MailConfig = { smtpUrl: string | null; from: string };

type MailEnv = z.output<z.ZodObject<typeof mailEnvShape>>;

export const toMailConfig = (e: MailEnv): MailConfig => ({ smtpUrl: e.SMTP_URL || null, from: e.MAIL_FROM });
