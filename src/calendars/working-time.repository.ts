import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThan, MoreThan } from 'typeorm';
import type { Mode } from '../availability/engine';
import { Range } from '../common/range';
import { AbsenceEntity } from './absence.entity';
import { WorkingHourEntity } from './working-hour.entity';

/**
 * The one writer of `working_hours` and `absences`, a caseworker's working time. The slot search reads
 * both in its one statement (AppointmentCalendarSource), the unit's booking context reads the hours
 * (BookingParties).
 */
@Injectable()
export class WorkingTimeRepository {
  constructor(private readonly db: DataSource) {}

  /** The caseworker's weekly rules, by weekday and start. */
  workingHoursOf(caseworkerId: string): Promise<WorkingHourEntity[]> {
    return this.db.manager.find(WorkingHourEntity, {
      where: { caseworkerId },
      order: { weekday: 'ASC', start: 'ASC' },
    });
  }

  /** Replaces all of the caseworker's rules with these. */
  async replaceWorkingHours(
    m: EntityManager,
    caseworkerId: string,
    rules: ReadonlyArray<{ weekday: number; start: string; end: string; modes: Mode[] }>,
  ): Promise<void> {
    await m.delete(WorkingHourEntity, { caseworkerId });
    if (rules.length > 0)
      await m.insert(
        WorkingHourEntity,
        rules.map((r) => ({ caseworkerId, weekday: r.weekday, start: r.start, end: r.end, modes: r.modes })),
      );
  }

  addAbsence(
    m: EntityManager,
    a: { caseworkerId: string; startsAt: Date; endsAt: Date; note: string | null },
  ): Promise<AbsenceEntity> {
    return m.save(m.create(AbsenceEntity, a));
  }

  findAbsence(id: string): Promise<AbsenceEntity | null> {
    return this.db.manager.findOneBy(AbsenceEntity, { id });
  }

  /** The caseworker's absences that overlap the range, earliest first. */
  absencesOverlapping(caseworkerId: string, range: Range): Promise<AbsenceEntity[]> {
    return this.db.manager.find(AbsenceEntity, {
      where: { caseworkerId, startsAt: LessThan(range.to), endsAt: MoreThan(range.from) },
      order: { startsAt: 'ASC' },
    });
  }

  async deleteAbsence(m: EntityManager, id: string): Promise<void> {
    await m.delete(AbsenceEntity, { id });
  }
}
