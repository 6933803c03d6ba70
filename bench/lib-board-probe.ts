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
 * inside the timeline's visible area — and records when each first held.
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
      if (r.width > 0 && r.height > 0 && r.right > t.left + LABEL_WIDTH && r.left < t.right && r.bottom > t.top && r.top < t.bottom) return id;
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

/** Blocks (testid, version) whose box intersects the visible part of the timeline. */
export function visibleBlocks(): { testId: string; version: number }[] {
  const timeline = document.querySelector('[data-testid="timeline"]');
  if (!timeline) return [];
  const t = timeline.getBoundingClientRect();
  const LABEL_WIDTH = 168;
  const HEADER_HEIGHT = 36;
  return Array.from(timeline.querySelectorAll('[data-testid^="block-"]'))
    .filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width > 8 && r.left >= t.left + LABEL_WIDTH && r.right <= t.right && r.top >= t.top + HEADER_HEIGHT && r.bottom <= t.bottom;
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
    if (!id || !id.startsWith('block-') || v === null) return;
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
