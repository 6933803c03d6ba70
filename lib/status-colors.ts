// Status colours as the database names them ("blue", "#1d4ed8"), turned into
// styles with enough contrast on the light board and admin screens and on the
// TV's dark screen. The label is always shown too, never colour alone.

export type BlockStyle = { bg: string; border: string; text: string };
export type Tone = { fg: string; bg: string; ring: string };

const NAMED: Record<string, { light: BlockStyle; dark: Tone }> = {
  blue: {
    light: { bg: '#dbeafe', border: '#2563eb', text: '#1e3a8a' },
    dark: { fg: '#bfdbfe', bg: 'rgba(59,130,246,0.20)', ring: '#3b82f6' },
  },
  cyan: {
    light: { bg: '#cffafe', border: '#0891b2', text: '#164e63' },
    dark: { fg: '#a5f3fc', bg: 'rgba(6,182,212,0.20)', ring: '#06b6d4' },
  },
  yellow: {
    light: { bg: '#fef9c3', border: '#ca8a04', text: '#713f12' },
    dark: { fg: '#fef08a', bg: 'rgba(234,179,8,0.20)', ring: '#eab308' },
  },
  orange: {
    light: { bg: '#ffedd5', border: '#ea580c', text: '#7c2d12' },
    dark: { fg: '#fed7aa', bg: 'rgba(249,115,22,0.22)', ring: '#f97316' },
  },
  green: {
    light: { bg: '#dcfce7', border: '#16a34a', text: '#14532d' },
    dark: { fg: '#bbf7d0', bg: 'rgba(34,197,94,0.20)', ring: '#22c55e' },
  },
  red: {
    light: { bg: '#fee2e2', border: '#dc2626', text: '#7f1d1d' },
    dark: { fg: '#fecaca', bg: 'rgba(239,68,68,0.22)', ring: '#ef4444' },
  },
  purple: {
    light: { bg: '#f3e8ff', border: '#9333ea', text: '#581c87' },
    dark: { fg: '#e9d5ff', bg: 'rgba(168,85,247,0.22)', ring: '#a855f7' },
  },
  gray: {
    light: { bg: '#f1f5f9', border: '#64748b', text: '#1e293b' },
    dark: { fg: '#e2e8f0', bg: 'rgba(148,163,184,0.18)', ring: '#94a3b8' },
  },
};

const HEX = /^#[0-9a-f]{6}$/i;
const named = (color: string) => NAMED[color.toLowerCase()];

/** A block or badge on a light background. */
export function statusStyle(color: string): BlockStyle {
  const known = named(color);
  if (known) return known.light;
  if (HEX.test(color)) return { bg: `${color}22`, border: color, text: '#0f172a' };
  return NAMED.gray!.light;
}

/** A pill or bar on the TV's dark background. */
export function statusTone(color: string): Tone {
  const known = named(color);
  if (known) return known.dark;
  if (HEX.test(color)) return { fg: '#f8fafc', bg: `${color}40`, ring: color };
  return NAMED.gray!.dark;
}
