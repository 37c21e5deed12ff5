import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../../../auth/staff-principal';
import type { AbsenceEntity } from '../../../calendars/absence.entity';
import { CalendarsService } from '../../../calendars/calendars.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { formatDateTime } from '../../ui/format';
import type { WebContext } from '../../ui/web-context';
import {
  AbsenceForm,
  checkAbsence,
  checkHoursRows,
  FieldProblem,
  HoursRow,
  normaliseClock,
  RowProblem,
} from './settings-forms';
import type { AbsenceItem, WorkingTimeView } from './working-time.page';

/**
 * The working-hours and absence sections and their forms' use (WorkingTimeForms), for one target
 * caseworker: My settings passes the session's own id, the admin's caseworker page a colleague's. The
 * calendar use cases decide who may change whose calendar (a caseworker their own, an admin any of the
 * unit); these only read the form.
 */

const DAY = 86_400_000;
/** Absences listed: the last month's and the coming two years'. */
const RECENT_DAYS = 31;
const AHEAD_DAYS = 731;

export const EMPTY_ABSENCE: AbsenceForm = { fromDate: '', fromTime: '', toDate: '', toTime: '', note: '' };

export function blankRow(): HoursRow {
  return { weekday: '1', start: '', end: '', modes: ['in_person'], remove: false };
}

/** What the hours form comes to: saved, or the rows to show again (with their problems or a refusal). */
export type HoursSubmission =
  { saved: true } | { saved: false; rows: HoursRow[]; problems: RowProblem[]; alert?: string; status?: number };

/** What a failed hours or absence form keeps on its page: its own values and problems. */
export interface WorkingTimeOverrides {
  hours?: { rows: HoursRow[]; problems: RowProblem[] };
  absence?: { form: AbsenceForm; problems: FieldProblem[] };
}

@Injectable()
export class WorkingTimeForms {
  constructor(
    private readonly calendars: CalendarsService,
    private readonly clock: Clock,
  ) {}

  /** The hours table and the absences as the page shows them; a failed form's own values over the stored ones. */
  async sections(
    staff: StaffPrincipal,
    caseworkerId: string,
    { timeZone, ctx }: { timeZone: string; ctx: WebContext },
    o: WorkingTimeOverrides = {},
  ): Promise<Pick<WorkingTimeView, 'hours' | 'absences'>> {
    const now = this.clock.now();
    const [rows, absences] = await Promise.all([
      o.hours ? Promise.resolve(o.hours.rows) : this.storedHoursRows(staff, caseworkerId),
      this.listedAbsences(staff, caseworkerId, now),
    ]);
    return {
      hours: { rows, problems: o.hours?.problems ?? [] },
      absences: {
        list: absenceItems(absences, now, timeZone, ctx),
        form: o.absence?.form ?? EMPTY_ABSENCE,
        problems: o.absence?.problems ?? [],
      },
    };
  }

  async submitHours(
    staff: StaffPrincipal,
    caseworkerId: string,
    { rows, action, t }: { rows: HoursRow[]; action: 'save' | 'add'; t: WebContext['t'] },
  ): Promise<HoursSubmission> {
    const typed = rows.map((r) => ({ ...r, start: normaliseClock(r.start), end: normaliseClock(r.end) }));
    if (action === 'add') return { saved: false, rows: [...typed, blankRow()], problems: [] };
    const { rules, problems } = checkHoursRows(typed);
    if (problems.length) return { saved: false, rows: typed, problems, status: 400 };
    try {
      await this.calendars.replaceWorkingHours(staff, caseworkerId, rules);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.VALIDATION_FAILED) throw err;
      return { saved: false, rows: typed, problems: [], alert: t('settings.hours.error.refused'), status: 400 };
    }
    return { saved: true };
  }

  async submitAbsence(
    staff: StaffPrincipal,
    caseworkerId: string,
    { form, zone }: { form: AbsenceForm; zone: string },
  ): Promise<{ saved: true } | { saved: false; problems: FieldProblem[] }> {
    const checked = checkAbsence(form, zone);
    if (!('startsAt' in checked)) return { saved: false, problems: checked.problems };
    await this.calendars.addAbsence(staff, caseworkerId, {
      startsAt: checked.startsAt.toISOString(),
      endsAt: checked.endsAt.toISOString(),
      note: form.note || undefined,
    });
    return { saved: true };
  }

  /** Removes one of this caseworker's absences; another caseworker's is not found here. */
  async removeAbsence(staff: StaffPrincipal, caseworkerId: string, absenceId: string): Promise<void> {
    const theirs = await this.calendars.absencesOverlapping(caseworkerId, { from: new Date(0), to: new Date(8.64e15) });
    if (!theirs.some((a) => a.id === absenceId)) throw new DomainError(ErrorCode.NOT_FOUND, 'Absence not found');
    await this.calendars.deleteAbsence(staff, absenceId);
  }

  private async storedHoursRows(staff: StaffPrincipal, caseworkerId: string): Promise<HoursRow[]> {
    const hours = await this.calendars.getWorkingHours(staff, caseworkerId);
    return [
      ...hours.map((h) => ({
        weekday: String(h.weekday),
        start: h.start,
        end: h.end,
        modes: [...h.modes],
        remove: false,
      })),
      blankRow(),
    ];
  }

  private listedAbsences(staff: StaffPrincipal, caseworkerId: string, now: Date): Promise<AbsenceEntity[]> {
    return this.calendars.listAbsences(staff, caseworkerId, {
      from: new Date(now.getTime() - RECENT_DAYS * DAY),
      to: new Date(now.getTime() + AHEAD_DAYS * DAY),
    });
  }
}

/** Upcoming first (soonest first), then the past ones. */
export function absenceItems(absences: AbsenceEntity[], now: Date, timeZone: string, ctx: WebContext): AbsenceItem[] {
  const when = (d: Date) => formatDateTime(d, timeZone, ctx.locale, ctx.t);
  return [...absences]
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
    .sort((a, b) => Number(a.endsAt <= now) - Number(b.endsAt <= now) || a.startsAt.getTime() - b.startsAt.getTime())
    .map((a) => ({
      id: a.id,
      when: ctx.t('settings.absence.range', { from: when(a.startsAt), to: when(a.endsAt) }),
      note: a.note,
      past: a.endsAt <= now,
    }));
}
