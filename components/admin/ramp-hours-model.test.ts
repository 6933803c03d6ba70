import { describe, expect, it } from 'vitest';
import { hoursIssues, hoursOf, nextSpan, weekOf } from '@/components/admin/ramp-hours-model';

const closedWeek = () => weekOf({ ramp_id: 1, time_zone: 'UTC', always_open: false, hours: [] });

describe('the Hours dialog’s week', () => {
  it('reads several spans of a day, and a ramp without hours as open every day', () => {
    const week = weekOf({
      ramp_id: 1,
      time_zone: 'UTC',
      always_open: false,
      hours: [
        { weekday: 1, opens: '06:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '22:00' },
      ],
    });
    expect(week[1]).toEqual({
      open: true,
      spans: [
        { opens: '06:00', closes: '12:00' },
        { opens: '13:00', closes: '22:00' },
      ],
    });
    expect(week[0]!.open).toBe(false);
    expect(weekOf({ ramp_id: 1, time_zone: 'UTC', always_open: true, hours: [] })[0]!.open).toBe(true);
  });

  it('sends every open day’s spans, earliest first', () => {
    const week = closedWeek();
    week[2] = {
      open: true,
      spans: [
        { opens: '13:00', closes: '22:00' },
        { opens: '06:00', closes: '12:00' },
      ],
    };
    expect(hoursOf(week)).toEqual([
      { weekday: 2, opens: '06:00', closes: '12:00' },
      { weekday: 2, opens: '13:00', closes: '22:00' },
    ]);
  });

  it('says in plain words which span is wrong: a bad time, one that closes before it opens, two that overlap', () => {
    const week = closedWeek();
    week[1] = {
      open: true,
      spans: [
        { opens: '06:00', closes: '12:00' },
        { opens: '11:00', closes: '22:00' },
      ],
    };
    week[3] = { open: true, spans: [{ opens: '6', closes: '22:00' }] };
    week[5] = { open: true, spans: [{ opens: '14:00', closes: '09:00' }] };
    expect(hoursIssues(week)).toEqual([
      { weekday: 1, span: 1, field: 'opens', message: 'Monday: 06:00–12:00 and 11:00–22:00 overlap' },
      { weekday: 3, span: 0, field: 'opens', message: 'Wednesday: the opening time must be a time such as 06:00' },
      { weekday: 5, span: 0, field: 'closes', message: 'Friday: closes at 09:00, not after it opens at 14:00' },
    ]);
    // A closed day's spans are not checked; touching spans do not overlap.
    week[3] = { open: false, spans: [{ opens: 'x', closes: 'y' }] };
    week[1].spans[1] = { opens: '12:00', closes: '24:00' };
    week[5] = { open: true, spans: [{ opens: '09:00', closes: '14:00' }] };
    expect(hoursIssues(week)).toEqual([]);
  });

  it('offers a new span an hour after the day’s last one closes', () => {
    expect(nextSpan([{ opens: '06:00', closes: '12:00' }])).toEqual({ opens: '13:00', closes: '17:00' });
    expect(nextSpan([{ opens: '06:00', closes: '22:00' }])).toEqual({ opens: '23:00', closes: '24:00' });
    expect(nextSpan([])).toEqual({ opens: '06:00', closes: '22:00' });
  });
});
