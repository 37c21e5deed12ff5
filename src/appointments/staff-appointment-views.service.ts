import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { parseRange } from '../common/range';
import { AppointmentEntity } from './appointment.entity';
import { AppointmentLoader } from './appointment-loader';
import { StaffAppointmentDetail, StaffAppointmentResponse } from './appointments.dto';
import { ClientNoteEntity } from './client-note.entity';

/**
 * What staff read about appointments. Each read that shows a client's data (name, notes) is
 * audited, one event per client, so a client's audit trail lists every staff member who saw them.
 */
@Injectable()
export class StaffAppointmentViews {
  constructor(
    private readonly db: DataSource,
    private readonly loader: AppointmentLoader,
    private readonly audit: AuditService,
  ) {}

  /** One appointment with its client's name and the information the client added before the meeting. */
  async detail(staff: StaffPrincipal, id: string): Promise<StaffAppointmentDetail> {
    const a = await this.db.manager.findOne(AppointmentEntity, { where: { id }, relations: { client: true } });
    assertSameUnit(staff, a?.unitId, 'Appointment not found');
    const [unit, notes] = await Promise.all([
      this.loader.unit(a!.unitId),
      this.db.manager.find(ClientNoteEntity, { where: { appointmentId: id }, order: { createdAt: 'ASC' } }),
    ]);
    await this.audit.record({ unitId: a!.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.read', appointmentId: a!.id, clientId: a!.clientId, details: { via: 'appointment' } });
    return {
      ...StaffAppointmentResponse.from(a!, unit.timeZone),
      clientName: a!.client?.name ?? null,
      notes: notes.map((n) => ({ author: n.author, text: n.text, createdAt: n.createdAt.toISOString() })),
    };
  }

  async listForCaseworker(staff: StaffPrincipal, caseworkerId: string, q: { from: string; to: string }): Promise<StaffAppointmentResponse[]> {
    const range = parseRange(q, 366);
    const [unit, cw] = await Promise.all([this.loader.unit(staff.unitId), this.loader.caseworker(staff.unitId, caseworkerId)]);
    const rows = await this.db.manager
      .createQueryBuilder(AppointmentEntity, 'a')
      .leftJoinAndSelect('a.client', 'c')
      .where('a.caseworker_id = :id AND a.starts_at < :to AND a.ends_at > :from', { id: cw.id, from: range.from, to: range.to })
      .orderBy('a.starts_at', 'ASC')
      .take(2000)
      .getMany();
    const clientIds = [...new Set(rows.filter((a) => a.client?.name).map((a) => a.clientId))];
    await this.audit.recordMany(clientIds.map((clientId) => ({ unitId: unit.id, actor: { type: 'staff', id: staff.caseworkerId }, action: 'client.read', clientId, details: { via: 'calendar' } })));
    return rows.map((a) => ({ ...StaffAppointmentResponse.from(a, unit.timeZone), clientName: a.client?.name ?? null }));
  }
}
