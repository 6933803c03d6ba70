import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@/server/config';

const dir = () => mkdtempSync(path.join(tmpdir(), 'dcdock-config-'));

describe('loadConfig', () => {
  it('defaults to port 3000, the embedded database and a generated secret that survives restarts', () => {
    const dataDir = dir();
    const a = loadConfig({ DCDOCK_DATA_DIR: dataDir });
    expect(a.port).toBe(3000);
    expect(a.databaseUrl).toBeUndefined();
    expect(a.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DCDOCK_DATA_DIR: dataDir }).authSecret).toBe(a.authSecret);
  });

  it('requires AUTH_SECRET with DATABASE_URL in production', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/dcdock', DCDOCK_DATA_DIR: dir() })).toThrow(ConfigError);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/dcdock', AUTH_SECRET: 'x'.repeat(40) }).databaseUrl).toContain('db:5432');
  });

  it('names every invalid setting', () => {
    expect(() => loadConfig({ PORT: 'abc', ACCESS_TOKEN_EXPIRE_MINUTES: '-1', DCDOCK_DATA_DIR: dir() })).toThrow(/PORT[\s\S]*ACCESS_TOKEN_EXPIRE_MINUTES/);
  });

  it('writes dates in SITE_LOCALE (en-GB by default) and refuses a tag it cannot format', () => {
    expect(loadConfig({ DCDOCK_DATA_DIR: dir() }).locale).toBe('en-GB');
    expect(loadConfig({ DCDOCK_DATA_DIR: dir(), SITE_LOCALE: 'de-DE' }).locale).toBe('de-DE');
    expect(loadConfig({ DCDOCK_DATA_DIR: dir(), SITE_LOCALE: 'en-us' }).locale).toBe('en-US');
    expect(() => loadConfig({ DCDOCK_DATA_DIR: dir(), SITE_LOCALE: 'english' })).toThrow(/SITE_LOCALE: SITE_LOCALE must be a language tag/);
    expect(() => loadConfig({ DCDOCK_DATA_DIR: dir(), SITE_LOCALE: 'xx-YY' })).toThrow(ConfigError);
  });
});
