import type { EntityManager } from 'typeorm';
import { QUEUES } from './job-contracts';
import type { JobsService } from './jobs.service';

describe('job contracts', () => {
  it('declares every queue once', () => {
    expect([...QUEUES].sort()).toEqual([
      'attendance',
      'external-calendar-sweep',
      'external-calendar-sync',
      'hold-expiry',
      'hold-sweep',
      'notify',
      'retention',
      'room-cleanup',
    ]);
  });

  it('types each queue by its payload (checked by `npm run typecheck`)', () => {
    // Never called: the compiler checks the calls, and an accepted wrong payload fails the typecheck.
    const calls = (jobs: JobsService, m: EntityManager) => [
      jobs.enqueue(m, 'hold-expiry', { appointmentId: 'a' }),
      // @ts-expect-error a hold-expiry job needs the appointment id
      jobs.enqueue(m, 'hold-expiry', { roomName: 'r' }),
      // @ts-expect-error a notify job names its kind, unit and client
      jobs.enqueue(m, 'notify', { appointmentId: 'a' }),
      jobs.enqueue(m, 'notify', { kind: 'staff_sign_in', unitId: 'u', caseworkerId: 'c', requestedAt: 't' }),
      // @ts-expect-error a staff sign-in mail names the caseworker, not a client
      jobs.enqueue(m, 'notify', { kind: 'staff_sign_in', unitId: 'u', clientId: 'c', requestedAt: 't' }),
      // @ts-expect-error no such queue
      jobs.enqueue(m, 'mail', {}),
      jobs.work('room-cleanup', (data) => {
        const room: string = data.roomName;
        // @ts-expect-error a room-cleanup job has no kind
        void data.kind;
        void room;
        return Promise.resolve();
      }),
    ];
    expect(typeof calls).toBe('function');
  });
});
