import { mergeBusy } from './calendar-week';

describe('mergeBusy', () => {
  const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00Z`);
  const b = (cw: string, from: string, to: string) => ({ caseworkerId: cw, startsAt: at(from), endsAt: at(to) });

  it('shows overlapping and touching busy time of one caseworker as one block, in time order', () => {
    expect(
      mergeBusy([
        b('a', '10:00', '11:00'),
        b('a', '09:00', '10:00'),
        b('a', '10:30', '10:45'),
        b('a', '13:00', '14:00'),
      ]),
    ).toEqual([b('a', '09:00', '11:00'), b('a', '13:00', '14:00')]);
  });

  it('never merges two caseworkers, and leaves its input as it was', () => {
    const input = [b('a', '09:00', '10:00'), b('b', '09:30', '10:30')];
    expect(mergeBusy(input)).toEqual(input);
    const same = [b('a', '09:00', '10:00'), b('a', '09:00', '12:00')];
    expect(mergeBusy(same)).toEqual([b('a', '09:00', '12:00')]);
    expect(same[0].endsAt).toEqual(at('10:00'));
  });
});
