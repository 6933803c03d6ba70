// The one layout of every message: the same content as plain text and as HTML, so the two never say different things.
import { dayOf, formatClock, formatDay } from '@/lib/zoned-time';

/** Where and how times are written: the site's zone and locale (SITE_TIMEZONE, SITE_LOCALE). */
export type MailSite = { timeZone: string; locale: string; publicUrl?: string | undefined };

/** A message as the outbox stores it. */
export type Mail = { subject: string; text: string; html: string };

type Paragraph = string | { text: string; href: string };

/** What a message says: a first line, label/value rows, closing lines. */
export type MailContent = { subject: string; intro: string; rows: [label: string, value: string][]; outro?: Paragraph[] };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every value in a message comes from someone's input (references, notes, reasons, URLs). */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const FOOTER = 'Sent by DCDock. This is an automatic message.';

export function renderMail(content: MailContent): Mail {
  const width = Math.max(0, ...content.rows.map(([label]) => label.length)) + 1;
  const outro = content.outro ?? [];
  const textOf = (p: Paragraph) => (typeof p === 'string' ? p : `${p.text}: ${p.href}`);
  const text = [
    content.intro,
    '',
    ...content.rows.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}`),
    ...(outro.length ? ['', ...outro.map(textOf)] : []),
    '',
    `-- ${FOOTER}`,
    '',
  ].join('\n');
  const htmlOf = (p: Paragraph) => (typeof p === 'string' ? escapeHtml(p) : `<a href="${escapeHtml(p.href)}">${escapeHtml(p.text)}</a>`);
  const rows = content.rows
    .map(([label, value]) => `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;color:#111;line-height:1.4">` +
    `<p>${escapeHtml(content.intro)}</p>` +
    `<table style="border-collapse:collapse">${rows}</table>` +
    outro.map((p) => `<p>${htmlOf(p)}</p>`).join('') +
    `<p style="color:#555;font-size:12px">${escapeHtml(FOOTER)}</p></body></html>`;
  return { subject: content.subject, text, html };
}

/** "Wed 2 Dec" in the site's zone and locale. */
export const formatMailDay = (at: string, site: MailSite) => formatDay(dayOf(new Date(at), site.timeZone), site.locale, 'weekday');

/** "10:00" (or "10:00 AM") in the site's zone and locale. */
export const formatMailClock = (at: string, site: MailSite) => formatClock(at, site.timeZone, site.locale);

/** "Wed 2 Dec 10:00–11:30", or "Wed 2 Dec 23:30–Thu 3 Dec 01:00" across midnight. */
export function formatSlot(from: string, to: string, site: MailSite): string {
  const fromDay = formatMailDay(from, site);
  const toDay = formatMailDay(to, site);
  const end = toDay === fromDay ? formatMailClock(to, site) : `${toDay} ${formatMailClock(to, site)}`;
  return `${fromDay} ${formatMailClock(from, site)}–${end}`;
}

/** A link into DCDock when PUBLIC_URL says where it is; nothing otherwise (a guessed host would be wrong). */
export const linkTo = (site: MailSite, path: string, text: string): Paragraph[] =>
  site.publicUrl ? [{ text, href: new URL(path, site.publicUrl).toString() }] : [];
