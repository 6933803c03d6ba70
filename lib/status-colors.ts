// Status colours as the database names them ("blue", "#1d4ed8"), turned into
// block styles with enough contrast; the label is always shown too.

const NAMED: Record<string, { bg: string; border: string; text: string }> = {
  blue: { bg: '#dbeafe', border: '#2563eb', text: '#1e3a8a' },
  cyan: { bg: '#cffafe', border: '#0891b2', text: '#164e63' },
  yellow: { bg: '#fef9c3', border: '#ca8a04', text: '#713f12' },
  orange: { bg: '#ffedd5', border: '#ea580c', text: '#7c2d12' },
  green: { bg: '#dcfce7', border: '#16a34a', text: '#14532d' },
  red: { bg: '#fee2e2', border: '#dc2626', text: '#7f1d1d' },
  purple: { bg: '#f3e8ff', border: '#9333ea', text: '#581c87' },
  gray: { bg: '#f1f5f9', border: '#64748b', text: '#1e293b' },
};

export function statusStyle(color: string): { bg: string; border: string; text: string } {
  const named = NAMED[color.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(color)) return { bg: `${color}22`, border: color, text: '#0f172a' };
  return NAMED.gray!;
}
