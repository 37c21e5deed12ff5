import { attendanceDue, attendanceDueAt, attendanceFromPresence, completedByFinishedRoom } from './attendance';

describe('attendance from video presence', () => {
  it('client and host joined → completed', () => {
    expect(attendanceFromPresence({ client: true, host: true })).toBe('completed');
  });

  it('host joined and the client never did → no_show', () => {
    expect(attendanceFromPresence({ client: false, host: true })).toBe('no_show');
  });

  it('only the client, or nobody → no decision: staff mark it', () => {
    expect(attendanceFromPresence({ client: true, host: false })).toBeNull();
    expect(attendanceFromPresence({ client: false, host: false })).toBeNull();
  });

  it('is due 15 minutes after the end, not a millisecond before', () => {
    const end = new Date('2027-03-02T12:45:00.000Z');
    expect(attendanceDueAt(end).toISOString()).toBe('2027-03-02T13:00:00.000Z');
    expect(attendanceDue(end, new Date('2027-03-02T12:59:59.999Z'))).toBe(false);
    expect(attendanceDue(end, new Date('2027-03-02T13:00:00.000Z'))).toBe(true);
  });

  it('a finished room completes only a started meeting both sides joined', () => {
    const start = new Date('2027-03-02T12:00:00.000Z');
    const both = { client: true, host: true };
    expect(completedByFinishedRoom(both, start, new Date('2027-03-02T11:59:59.999Z'))).toBe(false);
    expect(completedByFinishedRoom(both, start, start)).toBe(true);
    expect(completedByFinishedRoom({ client: false, host: true }, start, start)).toBe(false);
    expect(completedByFinishedRoom({ client: true, host: false }, start, start)).toBe(false);
  });
});
