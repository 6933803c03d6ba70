import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const baseUrl = () => process.env.E2E_BASE_URL!;
let counter = 0;
/** Unique per test run and worker, so parallel tests never share data. */
export const unique = (prefix: string) => `${prefix}-${process.pid % 10000}-${Date.now() % 1_000_000}-${++counter}`;

export const ACCOUNTS = {
  admin: { email: 'admin@dcdock.com', password: 'admin123' },
  operator1: { email: 'operator1@dcdock.com', password: 'operator123' },
  operator2: { email: 'operator2@dcdock.com', password: 'operator123' },
  supervisor: { email: 'supervisor@dcdock.com', password: 'supervisor123' },
} as const;

/** Signs a browser context in through next-auth's credentials callback, not the form. */
export async function apiSignin(page: Page, account: { email: string; password: string }) {
  const request = page.context().request;
  const { csrfToken } = (await (await request.get(`${baseUrl()}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await request.post(`${baseUrl()}/api/auth/callback/credentials`, {
    form: { csrfToken, email: account.email, password: account.password, json: 'true', callbackUrl: `${baseUrl()}/board` },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
}

const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
/** Contexts a test opened with signedInContext, closed when it ends: their live sockets count against the per-user limit (WS_MAX_PER_USER). */
const opened = new Set<BrowserContext>();

/** A new browser context signed in as `account`, from one sign-in per account and worker (sign-ins are throttled per address). */
export async function signedInContext(browser: Browser, account: { email: string; password: string }): Promise<BrowserContext> {
  let state = sessions.get(account.email);
  if (!state) {
    const context = await browser.newContext();
    await apiSignin(await context.newPage(), account);
    state = await context.storageState();
    await context.close();
    sessions.set(account.email, state);
  }
  const context = await browser.newContext({ storageState: state });
  opened.add(context);
  context.once('close', () => opened.delete(context));
  return context;
}

/** A bearer-token client of the REST API, for setting up and checking data. */
export class Api {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly token: string,
  ) {}

  /** Like `as`, with one sign-in per account and worker (the server throttles sign-ins per address: LOGIN_MAX_PER_IP_PER_MINUTE). */
  static async once(request: APIRequestContext, account: { email: string; password: string }): Promise<Api> {
    let token = Api.tokens.get(account.email);
    if (!token) {
      token = (await Api.as(request, account)).token;
      Api.tokens.set(account.email, token);
    }
    return new Api(request, token);
  }

  private static readonly tokens = new Map<string, string>();

  static async as(request: APIRequestContext, account: { email: string; password: string }): Promise<Api> {
    const res = await request.post(`${baseUrl()}/api/auth/login`, { data: account });
    expect(res.status()).toBe(200);
    return new Api(request, ((await res.json()) as { access_token: string }).access_token);
  }

  async call<T = any>(method: string, path: string, data?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.request.fetch(`${baseUrl()}${path}`, { method, data, headers: { Authorization: `Bearer ${this.token}` } });
    const text = await res.text();
    return { status: res.status(), body: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T = any>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, data);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }
}

/** Today's date in UTC (the e2e server runs with SITE_TIMEZONE=UTC) and an instant at hh:mm on it. */
export const todayAt = (hh: number, mm = 0) => {
  const d = new Date();
  d.setUTCHours(hh, mm, 0, 0);
  return d.toISOString();
};

/**
 * A test's own corner of the board: two ramps sorted to the top, a load and
 * an assignment on the first ramp today.
 */
export async function setupLane(admin: Api, opts: { hour?: number; direction?: 'IB' | 'OB'; sortOrder?: number } = {}) {
  const direction = opts.direction ?? 'IB';
  const hour = opts.hour ?? 10;
  // Lanes share one sort order above the demo ramps and sort by code, which grows with
  // time: a lane created by a parallel test lands below the older ones and moves no row
  // that another test is dragging onto. A test that finds its lane by search may take a
  // later sort order (`sortOrder`), below every default lane, so it pushes none of them down.
  const tag = `E${Date.now().toString(36).toUpperCase()}${(++counter % 36).toString(36).toUpperCase()}${process.pid % 10}`;
  const rampA = await admin.ok('POST', '/api/ramps', { code: `${tag}-A`, description: 'E2E lane A', kind: 'BOTH', sort_order: opts.sortOrder ?? -500_000 });
  const rampB = await admin.ok('POST', '/api/ramps', { code: `${tag}-B`, description: 'E2E lane B', kind: 'BOTH', sort_order: opts.sortOrder ?? -500_000 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: `${tag}-L1`,
    direction,
    planned_arrival: todayAt(hour),
    planned_departure: todayAt(hour + 2),
    notes: 'E2E load',
  });
  const assignment = await admin.ok('POST', '/api/assignments', { ramp_id: rampA.id, load_id: load.id, eta_in: todayAt(hour), eta_out: todayAt(hour + 2) });
  return { tag, rampA, rampB, load, assignment };
}

/** Playwright's test, closing the signed-in contexts (boards, portals) each test opened once it ends. */
export const test = base.extend<{ closeSignedInContexts: undefined }>({
  closeSignedInContexts: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter's pattern
    async ({}, use) => {
      await use(undefined);
      await Promise.all([...opened].map((c) => c.close()));
    },
    { auto: true },
  ],
});
export { expect };
