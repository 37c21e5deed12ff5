import { Injectable } from '@nestjs/common';
import { validateWorkingHours } from '../availability/engine';
import { assertCanSeeCalendarOf, canSeeAbsenceNoteOf } from '../auth/calendar-access';
import { assertCanManageCalendar, assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { Transactions } from '../common/transactions';
import { Range } from '../common/range';
import { CaseworkersService } from '../units/caseworkers.service';
import { UnitContextChanges } from '../units/unit-context-changes';
import { UnitsService } from '../units/units.service';
import { AbsenceEntity } from './absence.entity';
import { CreateAbsenceDto, WorkingHourRuleDto } from './calendars.dto';
import { WorkingHourEntity } from './working-hour.entity';
import { WorkingTimeRepository } from './working-time.repository';

@Injectable()
export class CalendarsService {
  constructor(
    private readonly workingTime: WorkingTimeRepository,
    private readonly transactions: Transactions,
    private readonly caseworkers: CaseworkersService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly contextChanges: UnitContextChanges,
  ) {}

  async getWorkingHours(staff: StaffPrincipal, caseworkerId: string): Promise<WorkingHourEntity[]> {
    await this.caseworkers.get(staff, caseworkerId);
    return this.workingHoursOf(caseworkerId);
  }

  workingHoursOf(caseworkerId: string): Promise<WorkingHourEntity[]> {
    return this.workingTime.workingHoursOf(caseworkerId);
  }

  /** Replaces all rules at once, in one transaction: a bad list changes nothing. */
  async replaceWorkingHours(
    staff: StaffPrincipal,
    caseworkerId: string,
    rules: WorkingHourRuleDto[],
  ): Promise<WorkingHourEntity[]> {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    assertCanManageCalendar(staff, cw);
    if (rules.length > 100) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'At most 100 working-hour rules.');
    const problems = validateWorkingHours(rules);
    if (problems.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, problems.join('; '));
    await this.transactions.run(async (m) => {
      await this.workingTime.replaceWorkingHours(m, caseworkerId, rules);
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'working_hours.replaced',
          details: { caseworkerId, rules: rules.length },
        },
        m,
      );
    });
    // The unit's team is the staff with working hours: gaining or losing the last rule changes it.
    this.contextChanges.changed(cw.unitId);
    return this.workingHoursOf(caseworkerId);
  }

  async addAbsence(staff: StaffPrincipal, caseworkerId: string, dto: CreateAbsenceDto): Promise<AbsenceEntity> {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    assertCanManageCalendar(staff, cw);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (!(endsAt > startsAt)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'endsAt must be after startsAt.');
    return this.transactions.run(async (m) => {
      const absence = await this.workingTime.addAbsence(m, { caseworkerId, startsAt, endsAt, note: dto.note ?? null });
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'absence.created',
          details: { caseworkerId, absenceId: absence.id },
        },
        m,
      );
      return absence;
    });
  }

  /**
   * A caseworker's absences, by the pages' rule (auth/calendar-access.ts): a colleague's only where the
   * unit shows the team's calendars, and then without their private notes (owner and admins only).
   */
  async listAbsences(staff: StaffPrincipal, caseworkerId: string, range: Range): Promise<AbsenceEntity[]> {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    assertCanSeeCalendarOf(staff, cw.id, await this.units.byId(cw.unitId));
    const absences = await this.absencesOverlapping(caseworkerId, range);
    return canSeeAbsenceNoteOf(staff, cw.id) ? absences : absences.map((a) => ({ ...a, note: null }));
  }

  absencesOverlapping(caseworkerId: string, range: Range): Promise<AbsenceEntity[]> {
    return this.workingTime.absencesOverlapping(caseworkerId, range);
  }

  async deleteAbsence(staff: StaffPrincipal, absenceId: string): Promise<void> {
    const absence = await this.workingTime.findAbsence(absenceId);
    const cw = absence ? await this.caseworkers.get(staff, absence.caseworkerId).catch(() => null) : null;
    assertSameUnit(staff, cw?.unitId, 'Absence not found');
    assertCanManageCalendar(staff, cw!);
    await this.transactions.run(async (m) => {
      await this.workingTime.deleteAbsence(m, absenceId);
      await this.audit.record(
        {
          unitId: cw!.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'absence.deleted',
          details: { caseworkerId: cw!.id, absenceId },
        },
        m,
      );
    });
  }
}
