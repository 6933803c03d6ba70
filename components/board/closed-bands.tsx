'use client';

import { memo, useMemo } from 'react';
import { closedBands } from '@/lib/ramp-hours';
import type { RampRules } from '@/lib/schemas/ramps';

const HATCH = 'repeating-linear-gradient(135deg, rgb(100 116 139 / 0.22) 0 6px, rgb(100 116 139 / 0.08) 6px 12px)';

/** A ramp's closed time in its row (SPEC §9): a few hatched bands under the blocks; drops on them are refused by the server. */
export const ClosedBands = memo(function ClosedBands({
  rules,
  dayStart,
  dayEnd,
  pxPerMs,
}: {
  rules: RampRules | undefined;
  dayStart: number;
  dayEnd: number;
  pxPerMs: number;
}) {
  const bands = useMemo(() => closedBands(rules, dayStart, dayEnd), [rules, dayStart, dayEnd]);
  return bands.map((b) => (
    <div
      key={`${b.from}-${b.title}`}
      role="img"
      aria-label={b.title}
      title={b.title}
      data-testid="closed-band"
      className="pointer-events-none absolute inset-y-0"
      style={{ left: (b.from - dayStart) * pxPerMs, width: (b.to - b.from) * pxPerMs, background: HATCH }}
    />
  ));
});
