import { DomainError, ErrorCode } from '../../common/errors';
import {
  assertClientMayChange,
  assertModeOffered,
  assertVideoAllowed,
  assertWithinHoldLimits,
  ATTENDANCE_GRACE_MINUTES,
  attendanceDueAt,
  busyRangeLiteral,
  isHoldExpired,
  rejectionError,
} from './booking-rules';

/** The DomainError `fn` throws (failing the spec when it throws nothing or something else). */
function thrown(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

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

describe('rejectionError', () => {
  it('tells the booker in words why each rejection happened', () => {
    expect(rejectionError('BUSY').message).toMatch(/already taken/);
    expect(rejectionError('IN_PAST').message).toMatch(/already passed/);
    expect(rejectionError('TOO_SOON').message).toMatch(/too soon/);
    expect(rejectionError('TOO_FAR').message).toMatch(/too far ahead/);
    expect(rejectionError('OFF_GRID').message).toMatch(/set times/);
    expect(rejectionError('OUTSIDE_HOURS').message).toBe('That time is not available.');
    expect(rejectionError('ABSENCE').message).toBe('That time is not available.');
  });
});

describe('assertClientMayChange', () => {
  it('refuses with CHANGE_WINDOW_CLOSED, and a cut-off of 0 allows a change until the start', () => {
    const start = new Date('2026-12-02T09:00:00.000Z');
    expect(thrown(() => assertClientMayChange(start, new Date('2026-12-02T08:59:00.000Z'), 60)).code).toBe(
      ErrorCode.CHANGE_WINDOW_CLOSED,
    );
    expect(() => assertClientMayChange(start, start, 0)).not.toThrow();
    expect(() => assertClientMayChange(start, new Date('2026-12-02T09:00:00.001Z'), 0)).toThrow(DomainError);
  });
});

describe('busyRangeLiteral', () => {
  it('leaves a range without buffers as the meeting itself', () => {
    expect(busyRangeLiteral(new Date('2026-12-01T09:00:00Z'), new Date('2026-12-01T10:00:00Z'), 0, 0)).toBe(
      '[2026-12-01T09:00:00.000Z,2026-12-01T10:00:00.000Z)',
    );
  });
});

describe('attendanceDueAt', () => {
  it('judges attendance a quarter of an hour after the end', () => {
    expect(ATTENDANCE_GRACE_MINUTES).toBe(15);
    expect(attendanceDueAt(new Date('2027-03-02T10:45:00.000Z')).toISOString()).toBe('2027-03-02T11:00:00.000Z');
  });

  it('does not change the end it is given', () => {
    const end = new Date('2027-03-02T10:45:00.000Z');
    attendanceDueAt(end);
    expect(end.toISOString()).toBe('2027-03-02T10:45:00.000Z');
  });
});

describe('isHoldExpired', () => {
  const now = new Date('2027-03-02T10:00:00.000Z');
  const hold = (holdExpiresAt: string | null, status = 'held', cancelReason: string | null = null) => ({
    status,
    holdExpiresAt: holdExpiresAt === null ? null : new Date(holdExpiresAt),
    cancelReason,
  });

  it('a held appointment runs out at its expiry time exactly, not a millisecond before', () => {
    expect(isHoldExpired(hold('2027-03-02T10:00:00.000Z'), now)).toBe(true);
    expect(isHoldExpired(hold('2027-03-02T09:30:00.000Z'), now)).toBe(true);
    expect(isHoldExpired(hold('2027-03-02T10:00:00.001Z'), now)).toBe(false);
  });

  it('a held appointment without an expiry (confirmation off) never runs out', () => {
    expect(isHoldExpired(hold(null), now)).toBe(false);
  });

  it('a hold the expiry job has released counts as run out, whatever its time', () => {
    expect(isHoldExpired(hold('2027-03-02T12:00:00.000Z', 'cancelled', 'hold_expired'), now)).toBe(true);
    expect(isHoldExpired(hold(null, 'cancelled', 'hold_expired'), now)).toBe(true);
  });

  it('other appointments are never expired holds, even with a past expiry time', () => {
    expect(isHoldExpired(hold('2027-03-02T09:00:00.000Z', 'confirmed'), now)).toBe(false);
    expect(isHoldExpired(hold('2027-03-02T09:00:00.000Z', 'cancelled', 'client_cancelled'), now)).toBe(false);
    expect(isHoldExpired(hold('2027-03-02T09:00:00.000Z', 'cancelled'), now)).toBe(false);
    expect(isHoldExpired(hold('2027-03-02T09:00:00.000Z', 'completed'), now)).toBe(false);
  });
});

describe('assertVideoAllowed', () => {
  it('allows video after a first meeting, to anyone', () => {
    expect(() => assertVideoAllowed(true, 'client', undefined)).not.toThrow();
    expect(() => assertVideoAllowed(true, 'public', undefined)).not.toThrow();
    expect(() => assertVideoAllowed(true, 'staff', undefined)).not.toThrow();
  });

  it('refuses video before a first meeting with FIRST_MEETING_IN_PERSON', () => {
    for (const actor of ['client', 'public', 'staff']) {
      const e = thrown(() => assertVideoAllowed(false, actor, undefined));
      expect(e.code).toBe(ErrorCode.FIRST_MEETING_IN_PERSON);
      expect(e.message).toBe('The first meeting is in person. Video is possible after that.');
    }
  });

  it('lets staff, and only staff, override it with a reason; an empty reason is none', () => {
    expect(() => assertVideoAllowed(false, 'staff', 'Known client, phone call')).not.toThrow();
    expect(() => assertVideoAllowed(false, 'staff', '')).toThrow(DomainError);
    expect(() => assertVideoAllowed(false, 'client', 'I would rather not travel')).toThrow(DomainError);
    expect(() => assertVideoAllowed(false, 'public', 'Known client')).toThrow(DomainError);
  });
});

describe('assertWithinHoldLimits', () => {
  const limits = { maxHoldsPerEmail: 2, maxHoldsPerIp: 5 };

  it('allows a hold while both counts are under their limits', () => {
    expect(() => assertWithinHoldLimits({ byEmail: 0, byAddress: 0 }, limits, true)).not.toThrow();
    expect(() => assertWithinHoldLimits({ byEmail: 1, byAddress: 4 }, limits, true)).not.toThrow();
  });

  it('refuses with HOLD_LIMIT_REACHED once the email already holds its limit', () => {
    const e = thrown(() => assertWithinHoldLimits({ byEmail: 2, byAddress: 0 }, limits, true));
    expect(e.code).toBe(ErrorCode.HOLD_LIMIT_REACHED);
    expect(e.message).toMatch(/waiting for confirmation/);
    expect(() => assertWithinHoldLimits({ byEmail: 3, byAddress: 0 }, limits, false)).toThrow(DomainError);
  });

  it('refuses once the booking address holds its limit', () => {
    expect(thrown(() => assertWithinHoldLimits({ byEmail: 0, byAddress: 5 }, limits, true)).code).toBe(
      ErrorCode.HOLD_LIMIT_REACHED,
    );
    expect(() => assertWithinHoldLimits({ byEmail: 0, byAddress: 6 }, limits, true)).toThrow(DomainError);
  });

  it('does not count by address when the booking has none', () => {
    expect(() => assertWithinHoldLimits({ byEmail: 0, byAddress: 99 }, limits, false)).not.toThrow();
    expect(() => assertWithinHoldLimits({ byEmail: 2, byAddress: 99 }, limits, false)).toThrow(DomainError);
  });

  it('a limit of 0 allows no unconfirmed hold at all', () => {
    expect(() =>
      assertWithinHoldLimits({ byEmail: 0, byAddress: 0 }, { maxHoldsPerEmail: 0, maxHoldsPerIp: 5 }, true),
    ).toThrow(DomainError);
  });
});
