// Where focus goes after a board dialog when what opened it is gone: the
// load's block (moved, or just planned), else its card in the side list,
// else the side list itself. Found by data attributes, as rendered now.
import type { Assignment } from '@/lib/schemas/assignments';

const byAttr = (selector: string) => document.querySelector<HTMLElement>(selector);

/** The load's block on the timeline (the real one: a placeholder has a negative id and is replaced). */
export const blockOf = (reference: string) => byAttr(`[data-testid="block-${CSS.escape(reference)}"]`);
/** The Plan button of the load's card in the side list. */
export const planButtonOf = (loadId: number) => byAttr(`[data-plan-load="${loadId}"]`);
export const unassignedHeading = () => document.getElementById('unassigned-heading');

/**
 * The fallback for a dialog about one load: its block, or its card; a block
 * not rendered (its row scrolled out of the virtualized list) is scrolled to
 * first; on the last try, the side list.
 */
export function focusLoad(
  load: { id: number; reference: string },
  placed: () => Pick<Assignment, 'ramp_id' | 'eta_in'> | undefined,
  scrollTo: (rampId: number, at: number) => void,
) {
  let scrolled = false;
  return (last: boolean) => {
    const found = blockOf(load.reference) ?? planButtonOf(load.id);
    if (found || last) return found ?? unassignedHeading();
    const a = placed();
    if (a && !scrolled) {
      scrolled = true;
      scrollTo(a.ramp_id, Date.parse(a.eta_in));
    }
    return null;
  };
}
