// How a requested booking (SPEC §9: waiting for the site's approval) looks on the board and the TV: its status colour
// with diagonal stripes, and the word "Requested" always in its text, never the stripes alone. Zod-free: the browser imports it.

export const REQUESTED_CODE = 'REQUESTED';

export const isRequested = (a: { status: { code: string } }) => a.status.code === REQUESTED_CODE;

/**
 * Over a light block: every other stripe darkened by 8 % black. The darkest stripe keeps the block's text at ≥ 6.4:1
 * for every named status colour (lib/status-colors.ts), and red-800 / orange-800 flags at ≥ 4.8:1.
 */
export const REQUESTED_HATCH_LIGHT = 'repeating-linear-gradient(135deg, rgb(0 0 0 / 0) 0 6px, rgb(0 0 0 / 0.08) 6px 12px)';

/** Over the TV's dark pill: every other stripe lightened a little; its light text stays well above 4.5:1. */
export const REQUESTED_HATCH_DARK = 'repeating-linear-gradient(135deg, rgb(255 255 255 / 0) 0 0.35em, rgb(255 255 255 / 0.07) 0.35em 0.7em)';

/** What a screen says for it: the status's own label, with "Requested" added if a site renamed it to something else. */
export const requestedLabel = (label: string) => (/requested/i.test(label) ? label : `${label} (Requested)`);
