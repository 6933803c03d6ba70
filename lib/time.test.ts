import { describe, expect, it } from 'vitest';
import { parseInstant } from '@/lib/time';

describe('parseInstant', () => {
  it('reads a date-time without an offset as UTC', () => {
    expect(parseInstant('2025-01-01T14:00:00')?.toISOString()).toBe('2025-01-01T14:00:00.000Z');
    expect(parseInstant('2025-01-01T14:00')?.toISOString()).toBe('2025-01-01T14:00:00.000Z');
  });

  it('honours Z and numeric offsets', () => {
    expect(parseInstant('2025-01-01T14:00:00Z')?.toISOString()).toBe('2025-01-01T14:00:00.000Z');
    expect(parseInstant('2025-01-01T16:00:00+02:00')?.toISOString()).toBe('2025-01-01T14:00:00.000Z');
    expect(parseInstant('2025-01-01T09:30:00.250-0430')?.toISOString()).toBe('2025-01-01T14:00:00.250Z');
  });

  it('refuses impossible dates and other text', () => {
    for (const bad of ['2025-02-30T10:00:00', '2025-13-01T10:00:00', '2025-01-01T24:00:00', 'tomorrow', '2025-01-01', '', '2025-01-01T10:00:00+25:00']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});
