/**
 * Code that bench/board.ts runs inside the page. Plain functions without
 * closures over Node values: Playwright serialises them into the browser.
 */

export type ProbeConfig = { rowTestId: string; knownBlocks: string[] };

export type ProbeMarks = {
  /** performance.now() (ms since navigation start) of the first frame in which each condition held. */
  timeline?: number;
  live?: number;
  block?: number;
  ready?: number;
  readyBlock?: string;
  frames: number;
};

/**
 * Installed before any page script (context.addInitScript): checks once per
 * animation frame whether the board is fully drawn — the timeline visible, the
 * connection indicator live, and a known block of the first ramp row rendered
 * inside the timeline's visible area and the window — and records when each first held.
 */
export function installReadyProbe(cfg: ProbeConfig): void {
  const w = window as unknown as { __bench?: ProbeMarks };
  const marks: ProbeMarks = { frames: 0 };
  w.__bench = marks;
  const known = new Set(cfg.knownBlocks);
  const LABEL_WIDTH = 168;
  const visibleKnownBlock = (timeline: Element): string | null => {
    const row = timeline.querySelector(`[data-testid="${cfg.rowTestId}"]`);
    if (!row) return null;
    const t = timeline.getBoundingClientRect();
    for (const b of Array.from(row.querySelectorAll('[data-testid^="block-"]'))) {
      const id = b.getAttribute('data-testid') ?? '';
      if (!known.has(id)) continue;
      const r = b.getBoundingClientRect();
      const inTimeline = r.right > t.left + LABEL_WIDTH && r.left < t.right && r.bottom > t.top && r.top < t.bottom;
      const inWindow = r.right > 0 && r.left < window.innerWidth && r.bottom > 0 && r.top < window.innerHeight;
      if (r.width > 0 && r.height > 0 && inTimeline && inWindow) return id;
    }
    return null;
  };
  const tick = () => {
    marks.frames++;
    const now = performance.now();
    const timeline = document.querySelector('[data-testid="timeline"]');
    const tr = timeline?.getBoundingClientRect();
    const timelineVisible = !!timeline && !!tr && tr.width > 0 && tr.height > 0;
    if (timelineVisible) marks.timeline ??= now;
    const live = document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'live';
    if (live) marks.live ??= now;
    const block = timelineVisible ? visibleKnownBlock(timeline!) : null;
    if (block) marks.block ??= now;
    if (timelineVisible && live && block) {
      marks.ready = now;
      marks.readyBlock = block;
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Blocks (testid, version) entirely inside the visible part of the timeline and of the window. */
export function visibleBlocks(): { testId: string; version: number }[] {
  const timeline = document.querySelector('[data-testid="timeline"]');
  if (!timeline) return [];
  const t = timeline.getBoundingClientRect();
  const LABEL_WIDTH = 168;
  const HEADER_HEIGHT = 36;
  const left = Math.max(t.left + LABEL_WIDTH, 0);
  const right = Math.min(t.right, window.innerWidth);
  const top = Math.max(t.top + HEADER_HEIGHT, 0);
  const bottom = Math.min(t.bottom, window.innerHeight);
  return Array.from(timeline.querySelectorAll('[data-testid^="block-"]'))
    .filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width > 8 && r.left >= left && r.right <= right && r.top >= top && r.bottom <= bottom;
    })
    .map((b) => ({ testId: b.getAttribute('data-testid')!, version: Number(b.getAttribute('data-version')) }));
}

/**
 * Records, per `testid@version`, the wall-clock time (Date.now(), the same
 * clock as the Node side) at which a block first carried that data-version in
 * the DOM, and the time of the next animation frame after it.
 */
export function installVersionObserver(): void {
  const w = window as unknown as { __versions?: Record<string, { dom: number; frame?: number }> };
  const seen: Record<string, { dom: number; frame?: number }> = {};
  w.__versions = seen;
  let pending: { dom: number; frame?: number }[] = [];
  const record = (el: Element) => {
    const id = el.getAttribute('data-testid');
    const v = el.getAttribute('data-version');
    if (!id?.startsWith('block-') || v === null) return;
    const key = `${id}@${v}`;
    if (seen[key]) return;
    const entry = { dom: Date.now() };
    seen[key] = entry;
    if (pending.length === 0) {
      requestAnimationFrame(() => {
        const t = Date.now();
        for (const p of pending) p.frame = t;
        pending = [];
      });
    }
    pending.push(entry);
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') record(m.target as Element);
      else
        for (const n of Array.from(m.addedNodes)) {
          if (n.nodeType !== 1) continue;
          record(n as Element);
          for (const c of Array.from((n as Element).querySelectorAll('[data-version]'))) record(c);
        }
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-version'] });
  for (const b of Array.from(document.querySelectorAll('[data-testid^="block-"]'))) record(b);
}

/**
 * Installed before any page script: records, per `block-<reference>@<version>`,
 * when (Date.now()) a WebSocket frame carrying that assignment version reached
 * the page — before Socket.IO's own handler runs. Splits commit-to-DOM into
 * server + network and the page's own work.
 */
export function installSocketTap(): void {
  const w = window as unknown as { __frames?: Record<string, number>; WebSocket: typeof WebSocket };
  const frames: Record<string, number> = {};
  w.__frames = frames;
  const Original = w.WebSocket;
  class Tapped extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data !== 'string' || !e.data.includes('"assignment_')) return;
        const at = Date.now();
        const ref = /"reference":"([^"]+)"/.exec(e.data)?.[1];
        const version = /"version":(\d+)/.exec(e.data)?.[1];
        if (ref && version) frames[`block-${ref}@${version}`] ??= at;
      });
    }
  }
  w.WebSocket = Tapped;
}

/** Starts counting the page's long tasks (main thread busy ≥ 50 ms at a stretch); read with `readLongTasks`. */
export function installLongTaskObserver(): void {
  const w = window as unknown as { __longTasks?: { count: number; totalMs: number; maxMs: number; since: number } };
  const stats = { count: 0, totalMs: 0, maxMs: 0, since: performance.now() };
  w.__longTasks = stats;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      stats.count++;
      stats.totalMs += e.duration;
      stats.maxMs = Math.max(stats.maxMs, e.duration);
    }
  }).observe({ type: 'longtask' });
}

export function readLongTasks(): { count: number; totalMs: number; maxMs: number; windowMs: number } {
  const s = (window as unknown as { __longTasks: { count: number; totalMs: number; maxMs: number; since: number } }).__longTasks;
  return { count: s.count, totalMs: Math.round(s.totalMs), maxMs: Math.round(s.maxMs), windowMs: Math.round(performance.now() - s.since) };
}
