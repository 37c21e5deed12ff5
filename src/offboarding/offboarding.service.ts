import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppointmentRepository } from '../appointments/appointment.repository';
import { AppointmentResponse } from '../appointments/appointments.dto';
import { StaffPrincipal } from '../auth/staff-principal';
import { StaffTokensService } from '../auth/staff-tokens.service';
import { Clock } from '../common/clock';
import { ExternalCalendarsService } from '../external-calendars/external-calendars.service';
import { CaseworkersService } from '../units/caseworkers.service';
import { UnitContextChanges } from '../units/unit-context-changes';
import { UnitEntity } from '../units/unit.entity';
import { CaseworkerResponse } from '../units/units.dto';
import { DeactivatedCaseworkerResponse } from './offboarding.dto';

/**
 * A caseworker leaves (deactivate) or comes back (activate). Deactivation locks them out in one
 * transaction (CaseworkersService.deactivate, and their external calendar connections are removed) and answers the meetings they still have, for an
 * admin to reassign one by one (POST /appointments/:id/reassign).
 */
@Injectable()
export class OffboardingService {
  constructor(
    private readonly db: DataSource,
    private readonly caseworkers: CaseworkersService,
    private readonly appointments: AppointmentRepository,
    private readonly clock: Clock,
    private readonly externalCalendars: ExternalCalendarsService,
    private readonly contextChanges: UnitContextChanges,
    private readonly tokens: StaffTokensService,
  ) {}

  async deactivate(staff: StaffPrincipal, caseworkerId: string): Promise<DeactivatedCaseworkerResponse> {
    const now = this.clock.now();
    const { unitId, response } = await this.db.transaction(async (m) => {
      const cw = await this.caseworkers.deactivate(staff, caseworkerId, m);
      // Their own calendars are not ours to keep reading: the links and passwords go with them.
      await this.externalCalendars.removeAllOf(cw.id, m);
      const unit = await m.findOneByOrFail(UnitEntity, { id: cw.unitId });
      const upcoming = await this.appointments.upcomingOf(cw.id, now, m);
      return {
        unitId: cw.unitId,
        response: {
          ...CaseworkerResponse.from(cw),
          futureAppointments: upcoming.map((a) => AppointmentResponse.from(a, unit.timeZone)),
        },
      };
    });
    // Committed: this instance's next public booking or slot search no longer offers them, and
    // their bearer tokens answer 401 at once (other instances: within TOKEN_CACHE_TTL_MS).
    this.contextChanges.changed(unitId);
    this.tokens.forgetCaseworker(caseworkerId);
    return response;
  }

  async activate(staff: StaffPrincipal, caseworkerId: string): Promise<CaseworkerResponse> {
    return CaseworkerResponse.from(await this.caseworkers.activate(staff, caseworkerId));
  }
}
