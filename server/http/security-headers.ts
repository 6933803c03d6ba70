import type { Config } from '@/server/config';

type HeaderConfig = Pick<Config, 'env' | 'publicUrl' | 'tvFrameAncestors'>;

/**
 * Headers of every page (everything Next serves). The CSP allows inline
 * scripts: Next streams its hydration data in inline <script>s, and nonces
 * would need every page rendered per request (prerendered pages carry none)
 * and the nonce passed through the custom server; 'unsafe-inline' keeps every
 * page working while the CSP still forbids other origins' scripts, plugins,
 * <base> tricks, foreign form targets and framing. /tv pages may be framed by
 * TV_FRAME_ANCESTORS (signage players) and send no Referer: their URL holds
 * the display link's token.
 */
export function pageSecurityHeaders(path: string, config: HeaderConfig): Record<string, string> {
  const tv = path === '/tv' || path.startsWith('/tv/');
  const scripts = config.env === 'development' ? "'self' 'unsafe-inline' 'unsafe-eval'" : "'self' 'unsafe-inline'";
  const csp = [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${tv ? config.tvFrameAncestors : "'none'"}`,
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': tv ? 'no-referrer' : 'strict-origin-when-cross-origin',
  };
  if (!tv) headers['X-Frame-Options'] = 'DENY';
  if (config.publicUrl?.startsWith('https:')) headers['Strict-Transport-Security'] = 'max-age=31536000';
  return headers;
}

/** API answers are data, never documents to render or frame. */
export const API_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
} as const;
