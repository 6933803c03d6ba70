const BASE = 'http://dcdock.invalid';
// Backslashes (browsers read `/\evil.example` as `//evil.example`) and control characters (stripped by URL parsers).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

/**
 * A same-origin path to go to after sign-in, or `/`: `value` must be a path
 * (`/board?date=…`), never `//host`, `/\host`, a scheme, or any of these
 * percent-encoded; the result is the path as the URL parser reads it.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return '/';
  }
  if (UNSAFE.test(value) || UNSAFE.test(decoded) || value.startsWith('//') || decoded.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? '/' : path;
}

/** next-auth's redirect target: a same-origin URL, else the site's root. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (url.startsWith('/')) return new URL(safeCallbackPath(url), base).toString();
  try {
    const target = new URL(url);
    if (target.origin === base.origin) return new URL(safeCallbackPath(target.pathname + target.search + target.hash), base).toString();
  } catch {
    /* not a URL */
  }
  return base.toString();
}
