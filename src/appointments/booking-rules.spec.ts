import { DomainError } from '../common/errors';
import { assertClientMayChange, assertModeOffered, busyRangeLiteral, rejectionError } from './booking-rules';

describe('booking rules', () => {
  it('maps a busy slot to SLOT_TAKEN and the rest of the rejections to SLOT_UNAVAILABLE or MODE_NOT_ALLOWED', () => {
    expect(rejectionError('BUSY').code).toBe('SLOT_TAKEN');
    expect(rejectionError('MODE_NOT_ALLOWED').code).toBe('MODE_NOT_ALLOWED');
    for (const r of ['IN_PAST', 'TOO_SOON', 'TOO_FAR', 'OFF_GRID', 'OUTSIDE_HOURS', 'ABSENCE'] as const) {
      expect(rejectionError(r).code).toBe('SLOT_UNAVAILABLE');
    }
  });

  it('refuses a mode the meeting type does not offer', () => {
    expect(() => assertModeOffered(['in_person'], 'video')).toThrow(DomainError);
    expect(() => assertModeOffered(['in_person', 'video'], 'video')).not.toThrow();
  });

  it('lets a client change exactly at the cut-off, not one millisecond after', () => {
    const start = new Date('2026-12-02T09:00:00.000Z');
    expect(() => assertClientMayChange(start, new Date('2026-12-01T09:00:00.000Z'), 1440)).not.toThrow();
    expect(() => assertClientMayChange(start, new Date('2026-12-01T09:00:00.001Z'), 1440)).toThrow(/too late/);
  });

  it('builds the buffered half-open range', () => {
    expect(busyRangeLiteral(new Date('2026-12-01T09:00:00Z'), new Date('2026-12-01T09:45:00Z'), 5, 15)).toBe(
      '[2026-12-01T08:55:00.000Z,2026-12-01T10:00:00.000Z)',
    );
  });
});
