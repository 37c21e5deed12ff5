import { Injectable } from '@nestjs/common';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { parseRange } from '../common/range';
import { AppointmentLoader } from './appointment-loader';
import { AppointmentRepository } from './appointment.repository';
import { StaffAppointmentDetail, StaffAppointmentResponse } from './appointments.dto';

/**
 * What staff read about appointments. Each read that shows a client's data (name, notes) is
 * audited, one event per client, so a client's audit trail lists every staff member who saw them.
 */
@Injectable()
export class StaffAppointmentViews {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly loader: AppointmentLoader,
    private readonly audit: AuditService,
  ) {}

  /** One appointment with its client's name and the information the client added before the meeting. */
  async detail(staff: StaffPrincipal, id: string): Promise<StaffAppointmentDetail> {
    const a = await this.appointments.withClient(id);
    assertSameUnit(staff, a?.unitId, 'Appointment not found');
    const unit = await this.loader.unit(a!.unitId);
    const notes = await this.appointments.notes(id);
    await this.audit.record({
      unitId: a!.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'client.read',
      appointmentId: a!.id,
      clientId: a!.clientId,
      details: { via: 'appointment' },
    });
    return {
      ...StaffAppointmentResponse.from(a!, unit.timeZone),
      clientName: a!.client?.name ?? null,
      notes: notes.map((n) => ({ author: n.author, text: n.text, createdAt: n.createdAt.toISOString() })),
    };
  }

  async listForCaseworker(
    staff: StaffPrincipal,
    caseworkerId: string,
    q: { from: string; to: string },
  ): Promise<StaffAppointmentResponse[]> {
    const range = parseRange(q, 366);
    const [unit, cw] = await Promise.all([
      this.loader.unit(staff.unitId),
      this.loader.anyCaseworker(staff.unitId, caseworkerId),
    ]);
    const rows = await this.appointments.calendarOf(cw.id, range);
    const clientIds = [...new Set(rows.filter((a) => a.client?.name).map((a) => a.clientId))];
    await this.audit.recordMany(
      clientIds.map((clientId) => ({
        unitId: unit.id,
        actor: { type: 'staff', id: staff.caseworkerId },
        action: 'client.read',
        clientId,
        details: { via: 'calendar' },
      })),
    );
    return rows.map((a) => ({
      ...StaffAppointmentResponse.from(a, unit.timeZone),
      clientName: a.client?.name ?? null,
    }));
  }
}
