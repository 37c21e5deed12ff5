import { Injectable } from '@nestjs/common';
import { assertCanSeeCalendarOf } from '../../auth/calendar-access';
import { assertSameUnit, StaffPrincipal } from '../../auth/staff-principal';
import { AuditService } from '../../common/audit/audit.service';
import { parseRange } from '../../common/range';
import { BookingParties } from '../data/booking-parties.read-model';
import { AppointmentRepository } from '../data/appointment.repository';
import { StaffAppointmentDetail, StaffAppointmentResponse } from '../appointments.dto';
import type { AppointmentEntity } from '../data/appointment.entity';
import type { ClientNoteEntity } from '../data/client-note.entity';
import type { ClientEntity } from '../../clients/client.entity';
import type { CaseworkerEntity } from '../../units/caseworker.entity';
import type { MeetingTypeEntity } from '../../units/meeting-type.entity';
import type { UnitEntity } from '../../units/unit.entity';

/** One line of an appointment's history: who (a staff member's name, or the client, or the system) did what. */
export interface HistoryEntry {
  at: Date;
  actor: { type: 'staff' | 'client' | 'system'; name: string | null };
  action: string;
  details: Record<string, unknown>;
}

/** Everything the staff appointment panel shows about one meeting. */
export interface AppointmentPanel {
  appointment: AppointmentEntity;
  unit: UnitEntity;
  client: ClientEntity | null;
  caseworker: CaseworkerEntity;
  type: MeetingTypeEntity;
  notes: ClientNoteEntity[];
  history: HistoryEntry[];
  /** The reader may change it: their own calendar, or an admin. */
  canManage: boolean;
}

/**
 * What staff read about appointments. Each read that shows a client's data (name, notes) is
 * audited, one event per client, so a client's audit trail lists every staff member who saw them.
 */
@Injectable()
export class StaffAppointmentViews {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly parties: BookingParties,
    private readonly audit: AuditService,
  ) {}

  /** One appointment with its client's name and the information the client added before the meeting. */
  async detail(staff: StaffPrincipal, id: string): Promise<StaffAppointmentDetail> {
    const a = await this.appointments.withClient(id);
    assertSameUnit(staff, a?.unitId, 'Appointment not found');
    const unit = await this.parties.unit(a!.unitId);
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

  /**
   * The panel of one appointment: the meeting, its client and their notes, and its history from the
   * audit log. Audited as a read of the client's data, like `detail`.
   */
  async panel(staff: StaffPrincipal, id: string): Promise<AppointmentPanel> {
    const a = await this.appointments.withClient(id);
    assertSameUnit(staff, a?.unitId, 'Appointment not found');
    const appointment = a!;
    const [unit, caseworker, type, notes, events] = await Promise.all([
      this.parties.unit(appointment.unitId),
      this.parties.anyCaseworker(appointment.unitId, appointment.caseworkerId),
      this.parties.typeOf(appointment),
      this.appointments.notes(id),
      this.audit.forAppointment(appointment.unitId, id),
    ]);
    const staffIds = [...new Set(events.filter((e) => e.actorType === 'staff' && e.actorId).map((e) => e.actorId!))];
    const names = new Map<string, string>();
    for (const sid of staffIds) {
      const cw = await this.parties.caseworkerById(sid);
      if (cw && cw.unitId === appointment.unitId) names.set(sid, cw.name);
    }
    await this.audit.record({
      unitId: appointment.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'client.read',
      appointmentId: appointment.id,
      clientId: appointment.clientId,
      details: { via: 'appointment_panel' },
    });
    return {
      appointment,
      unit,
      client: appointment.client ?? null,
      caseworker,
      type,
      notes,
      history: events
        .filter((e) => e.action !== 'client.read')
        .map((e) => ({
          at: e.createdAt,
          actor: { type: e.actorType, name: e.actorId ? (names.get(e.actorId) ?? null) : null },
          action: e.action,
          details: e.details ?? {},
        })),
      canManage: staff.role === 'admin' || staff.caseworkerId === appointment.caseworkerId,
    };
  }

  async listForCaseworker(
    staff: StaffPrincipal,
    caseworkerId: string,
    q: { from: string; to: string },
  ): Promise<StaffAppointmentResponse[]> {
    const range = parseRange(q, 366);
    const [unit, cw] = await Promise.all([
      this.parties.unit(staff.unitId),
      this.parties.anyCaseworker(staff.unitId, caseworkerId),
    ]);
    // The pages' rule (auth/calendar-access.ts): a colleague's calendar only where the unit allows it.
    assertCanSeeCalendarOf(staff, cw.id, unit);
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
