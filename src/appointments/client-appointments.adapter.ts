import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClientAppointments } from '../clients/client-appointments';
import { AppointmentLifecycle } from './changes/appointment-lifecycle';
import { AppointmentRepository } from './data/appointment.repository';

/** The clients feature's view of a client's appointments (see ClientAppointments). */
@Injectable()
export class ClientAppointmentsAdapter extends ClientAppointments {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly lifecycle: AppointmentLifecycle,
  ) {
    super();
  }

  exportOf(clientId: string): Promise<{ appointments: unknown[]; notes: unknown[] }> {
    return this.appointments.exportOfClient(clientId);
  }

  erase(m: EntityManager, clientId: string, now: Date): Promise<void> {
    return this.lifecycle.eraseClient(m, clientId, now);
  }

  inactiveClientIds(now: Date, limit: number): Promise<string[]> {
    return this.appointments.inactiveClientIds(now, limit);
  }
}
