import { describe, expect, it } from 'vitest';
import { statusStyle, statusTone } from '@/lib/status-colors';

describe('status colours', () => {
  it('gives a named colour its light and dark styles, whatever the case', () => {
    expect(statusStyle('Blue')).toEqual({ bg: '#dbeafe', border: '#2563eb', text: '#1e3a8a' });
    expect(statusTone('blue')).toEqual({ fg: '#bfdbfe', bg: 'rgba(59,130,246,0.20)', ring: '#3b82f6' });
  });

  it('tints a hex colour and falls back to gray for anything else', () => {
    expect(statusStyle('#1d4ed8')).toEqual({ bg: '#1d4ed822', border: '#1d4ed8', text: '#0f172a' });
    expect(statusTone('#1d4ed8')).toEqual({ fg: '#f8fafc', bg: '#1d4ed840', ring: '#1d4ed8' });
    expect(statusStyle('chartreuse')).toEqual(statusStyle('gray'));
    expect(statusTone('#12')).toEqual(statusTone('gray'));
  });
});
