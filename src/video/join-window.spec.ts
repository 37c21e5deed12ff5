import { clientIdentity, hostIdentity, isJoinOpen, joinWindow } from './join-window';

const settings = { joinOpensMinutesBefore: 15, joinClosesMinutesAfter: 30 };
const w = joinWindow(new Date('2026-12-01T12:00:00.000Z'), new Date('2026-12-01T12:45:00.000Z'), settings);

describe('join window', () => {
  it('opens 15 minutes before the start and closes 30 minutes after the end', () => {
    expect(w.opensAt.toISOString()).toBe('2026-12-01T11:45:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-12-01T13:15:00.000Z');
  });

  it('is not yet open one millisecond before it opens, and open exactly when it opens', () => {
    expect(isJoinOpen(new Date('2026-12-01T11:44:59.999Z'), w)).toBe('not_yet');
    expect(isJoinOpen(new Date('2026-12-01T11:45:00.000Z'), w)).toBe('open');
  });

  it('is open one millisecond before it closes and closed exactly when it closes (half-open)', () => {
    expect(isJoinOpen(new Date('2026-12-01T13:14:59.999Z'), w)).toBe('open');
    expect(isJoinOpen(new Date('2026-12-01T13:15:00.000Z'), w)).toBe('closed');
  });

  it('follows the unit settings', () => {
    const wide = joinWindow(new Date('2026-12-01T12:00:00.000Z'), new Date('2026-12-01T12:45:00.000Z'), {
      joinOpensMinutesBefore: 0,
      joinClosesMinutesAfter: 0,
    });
    expect(isJoinOpen(new Date('2026-12-01T11:59:59.000Z'), wide)).toBe('not_yet');
    expect(isJoinOpen(new Date('2026-12-01T12:45:00.000Z'), wide)).toBe('closed');
  });

  it('tells client and host identities apart', () => {
    expect(clientIdentity('a1')).toBe('client-a1');
    expect(hostIdentity('c1')).toBe('host-c1');
  });
});
