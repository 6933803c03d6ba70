import postgres from 'postgres';

/**
 * Opens a postgres.js client for a connection URL. As in libpq, a `host`
 * query parameter that is a directory selects PostgreSQL's Unix socket in it
 * (`postgres://user:pw@localhost:5432/db?host=/var/run/postgresql`): on one
 * machine a Unix socket costs a fraction of a loopback TCP round trip, and
 * every write takes several round trips.
 */
export function openPostgres(url: string, options: postgres.Options<Record<string, never>> = {}): postgres.Sql {
  const { url: plain, socketDir } = splitSocketDir(url);
  return postgres(plain, socketDir ? { ...options, host: socketDir } : options);
}

/** Takes `host=/dir` out of the query string: postgres.js would send unknown parameters to the server. */
export function splitSocketDir(url: string): { url: string; socketDir: string | undefined } {
  const q = url.indexOf('?');
  if (q < 0) return { url, socketDir: undefined };
  const params = new URLSearchParams(url.slice(q + 1));
  const host = params.get('host');
  if (!host?.startsWith('/')) return { url, socketDir: undefined };
  params.delete('host');
  const rest = params.toString();
  return { url: url.slice(0, q) + (rest ? `?${rest}` : ''), socketDir: host };
}
