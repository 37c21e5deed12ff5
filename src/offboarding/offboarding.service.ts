import { Injectable } from '@nestjs/common';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import { AppointmentResponse } from '../appointments/appointments.dto';
import { StaffPrincipal } from '../auth/staff-principal';
import { Clock } from '../common/clock';
import { Transactions } from '../common/transactions';
import { ExternalCalendarRepository } from '../external-calendars/external-calendar.repository';
import { CaseworkersService } from '../units/caseworkers.service';
import { UnitRepository } from '../units/unit.repository';
import { CaseworkerResponse } from '../units/units.dto';
import { DeactivatedCaseworkerResponse } from './offboarding.dto';

/**
 * A caseworker leaves (deactivate) or comes back (activate). Deactivation locks them out in one
 * transaction (CaseworkersService.deactivate, and their external calendar connections are removed) and
 * answers the meetings they still have, for an admin to reassign one by one (POST /appointments/:id/reassign).
 */
@Injectable()
export class OffboardingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly caseworkers: CaseworkersService,
    private readonly units: UnitRepository,
    private readonly externalCalendars: ExternalCalendarRepository,
    private readonly appointments: AppointmentRepository,
    private readonly clock: Clock,
  ) {}

  async deactivate(staff: StaffPrincipal, caseworkerId: string): Promise<DeactivatedCaseworkerResponse> {
    const now = this.clock.now();
    const { cw, response } = await this.transactions.run(async (m) => {
      const cw = await this.caseworkers.deactivate(staff, caseworkerId, m);
      // Their own calendars are not ours to keep reading: the links and passwords go with them.
      await this.externalCalendars.deleteAllOf(m, cw.id);
      const unit = await this.units.findOrFail(cw.unitId, m);
      const upcoming = await this.appointments.upcomingOf(cw.id, now, m);
      return {
        cw,
        response: {
          ...CaseworkerResponse.from(cw),
          futureAppointments: upcoming.map((a) => AppointmentResponse.from(a, unit.timeZone)),
        },
      };
    });
    this.caseworkers.deactivated(cw);
    return response;
  }

  async activate(staff: StaffPrincipal, caseworkerId: string): Promise<CaseworkerResponse> {
    return CaseworkerResponse.from(await this.caseworkers.activate(staff, caseworkerId));
  }
}
