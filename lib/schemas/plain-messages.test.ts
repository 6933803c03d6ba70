import { describe, expect, it } from 'vitest';
import { rampCreateSchema } from '@/lib/schemas/ramps';
import { type HttpError, parseOrThrow } from '@/server/errors';

const refusal = (body: unknown) => {
  try {
    parseOrThrow(rampCreateSchema, body);
  } catch (error) {
    return (error as HttpError).detail;
  }
  throw new Error('accepted');
};

describe('422 field messages in plain words', () => {
  it('says what a number must be, not what zod expected', () => {
    expect(refusal({ code: 'R99', kind: 'IB', sort_order: 10_000_000 })).toEqual([
      { loc: ['body', 'sort_order'], msg: 'Must be at most 1,000,000', type: 'too_big' },
    ]);
    expect(refusal({ code: 'R99', kind: 'IB', sort_order: -2_000_000 })).toEqual([
      { loc: ['body', 'sort_order'], msg: 'Must be at least -1,000,000', type: 'too_small' },
    ]);
    expect(refusal({ code: 'R99', kind: 'IB', sort_order: 1.5 })).toEqual([{ loc: ['body', 'sort_order'], msg: 'Enter a whole number', type: 'invalid_type' }]);
    expect(refusal({ code: 'R99', kind: 'IB', sort_order: 'first' })).toEqual([{ loc: ['body', 'sort_order'], msg: 'Enter a number', type: 'invalid_type' }]);
  });

  it('keeps the messages a schema words itself', () => {
    expect(refusal({ code: 'R99', kind: 'SIDE' })).toEqual([{ loc: ['body', 'kind'], msg: "Input should be 'IB', 'OB' or 'BOTH'", type: 'invalid_value' }]);
  });
});
