import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { CalendarsService } from '../../../calendars/calendars.service';
import { FeedUrlService } from '../../../calendars/feed-url.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { isWebLocale } from '../../i18n';
import { formatDateTime, formatTime, inZone, zoneLabel } from '../../ui/format';
import { url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffPageContext, StaffShellService } from '../ui/staff-shell.service';
import {
  AbsenceForm,
  checkAbsence,
  checkHoursRows,
  checkTokenForm,
  FieldProblem,
  HoursRow,
  normaliseClock,
  RowProblem,
  TokenForm,
} from './settings-forms';
import { settingsPaths } from './settings-paths';
import { AbsenceItem, SettingsOutcome, SettingsView, TokenItem } from './settings.page';

const DAY = 86_400_000;
/** Absences listed: the last month's and the coming two years'. */
const RECENT_DAYS = 31;
const AHEAD_DAYS = 731;

const EMPTY_ABSENCE: AbsenceForm = { fromDate: '', fromTime: '', toDate: '', toTime: '', note: '' };
const EMPTY_TOKEN: TokenForm = { label: '', days: '90' };

function blankRow(): HoursRow {
  return { weekday: '1', start: '', end: '', modes: ['in_person'], remove: false };
}

/** What a failed form keeps: its own values and problems; every other section as stored. */
interface Overrides {
  hours?: { rows: HoursRow[]; problems: RowProblem[] };
  absence?: { form: AbsenceForm; problems: FieldProblem[] };
  token?: { form: TokenForm; problems: FieldProblem[] };
  alert?: string;
  status?: number;
}

/**
 * My settings: the signed-in caseworker's own working hours, absences, feed URL, API tokens and
 * language. The caseworker is always the session's: there is no id in any address, so no one can
 * reach another's settings here (an admin does that under /staff/admin). Every change goes through
 * the same use case as the JSON API.
 */
@Injectable()
export class SettingsPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly calendars: CalendarsService,
    private readonly feeds: FeedUrlService,
    private readonly caseworkers: CaseworkersService,
    private readonly clock: Clock,
  ) {}

  async show(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    return this.render(page, staff, {});
  }

  async saveHours(
    rc: RequestContext,
    { staff, rows, action }: { staff: StaffSessionPrincipal; rows: HoursRow[]; action: 'save' | 'add' },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    const typed = rows.map((r) => ({ ...r, start: normaliseClock(r.start), end: normaliseClock(r.end) }));
    if (action === 'add') return this.render(page, staff, { hours: { rows: [...typed, blankRow()], problems: [] } });
    const { rules, problems } = checkHoursRows(typed);
    if (problems.length) return this.render(page, staff, { hours: { rows: typed, problems }, status: 400 });
    try {
      await this.calendars.replaceWorkingHours(staff, staff.caseworkerId, rules);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.VALIDATION_FAILED) throw err;
      const alert = page.ctx.t('settings.hours.error.refused');
      return this.render(page, staff, { hours: { rows: typed, problems: [] }, alert, status: 400 });
    }
    return { redirect: url(settingsPaths.home, { done: 'hours' }) };
  }

  async addAbsence(
    rc: RequestContext,
    { staff, form }: { staff: StaffSessionPrincipal; form: AbsenceForm },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    const checked = checkAbsence(form, page.timeZone);
    if (!('startsAt' in checked))
      return this.render(page, staff, { absence: { form, problems: checked.problems }, status: 400 });
    await this.calendars.addAbsence(staff, staff.caseworkerId, {
      startsAt: checked.startsAt.toISOString(),
      endsAt: checked.endsAt.toISOString(),
      note: form.note || undefined,
    });
    return { redirect: url(settingsPaths.home, { done: 'absence-added' }) };
  }

  async removeAbsence(
    rc: RequestContext,
    { staff, absenceId }: { staff: StaffSessionPrincipal; absenceId: string },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    // My settings are my own, even for an admin: another caseworker's absence is not found here.
    const mine = await this.calendars.absencesOverlapping(staff.caseworkerId, {
      from: new Date(0),
      to: new Date(8.64e15),
    });
    if (!mine.some((a) => a.id === absenceId)) throw new DomainError(ErrorCode.NOT_FOUND, 'Absence not found');
    await this.calendars.deleteAbsence(staff, absenceId);
    return { redirect: url(settingsPaths.home, { done: 'absence-removed' }) };
  }

  async confirmRotate(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
    const { ctx, shell } = await this.shell.page(rc, staff);
    return { ctx, page: 'rotateFeed', view: { shell } };
  }

  async rotateFeed(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    await this.feeds.rotateUrl(staff, staff.caseworkerId);
    return { redirect: url(settingsPaths.home, { done: 'feed-rotated' }) };
  }

  /**
   * Makes the token; the controller hands it to the next page once (a short-lived cookie that page
   * clears), so the token is never in a URL, a log or a re-posted form.
   */
  async createToken(
    rc: RequestContext,
    { staff, form }: { staff: StaffSessionPrincipal; form: TokenForm },
  ): Promise<{ outcome: SettingsOutcome; issued?: { id: string; token: string } }> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return { outcome: this.refused(page) };
    const checked = checkTokenForm(form);
    if (!('label' in checked))
      return { outcome: await this.render(page, staff, { token: { form, problems: checked.problems }, status: 400 }) };
    try {
      const issued = await this.caseworkers.issueToken(staff, staff.caseworkerId, {
        label: checked.label,
        expiresInDays: checked.days,
      });
      return { outcome: { redirect: url(settingsPaths.tokenCreated, { id: issued.id }) }, issued };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.CONFLICT) throw err;
      const alert = page.ctx.t('settings.tokens.error.inactive');
      return { outcome: await this.render(page, staff, { token: { form, problems: [] }, alert, status: 409 }) };
    }
  }

  /** The result page: the token on the first view (`revealed`), a plain "shown once" after. */
  async tokenCreated(
    rc: RequestContext,
    { staff, tokenId, revealed }: { staff: StaffSessionPrincipal; tokenId: string; revealed: string | null },
  ): Promise<SettingsOutcome> {
    const { ctx, shell, timeZone } = await this.shell.page(rc, staff);
    const token = (await this.caseworkers.listTokens(staff, staff.caseworkerId)).find((k) => k.id === tokenId);
    if (!token) throw new DomainError(ErrorCode.NOT_FOUND, 'Token not found');
    const live = !token.revokedAt && (!token.expiresAt || token.expiresAt > this.clock.now());
    return {
      ctx,
      page: 'tokenCreated',
      view: {
        shell,
        token: live ? revealed : null,
        label: token.label,
        expires: token.expiresAt ? formatDateTime(token.expiresAt, timeZone, ctx.locale, ctx.t) : null,
      },
    };
  }

  async revokeToken(
    rc: RequestContext,
    { staff, tokenId }: { staff: StaffSessionPrincipal; tokenId: string },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    await this.caseworkers.revokeToken(staff, staff.caseworkerId, tokenId);
    return { redirect: url(settingsPaths.home, { done: 'token-revoked' }) };
  }

  /** Saves the language of the caseworker's pages and mails; the next page is in it. */
  async setLanguage(
    rc: RequestContext,
    { staff, locale }: { staff: StaffSessionPrincipal; locale: string },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    if (!rc.formVerified) return this.refused(page);
    if (!isWebLocale(locale)) return { redirect: settingsPaths.home };
    await this.caseworkers.setLocale(staff, staff.caseworkerId, locale);
    // `lang` in the address also replaces an earlier switcher choice (the `lang` cookie outranks the stored one).
    return { redirect: url(settingsPaths.home, { done: 'language', lang: locale }) };
  }

  private refused(page: StaffPageContext): SettingsOutcome {
    return csrfRefused(page.ctx, {
      siteName: page.shell.unitName,
      link: { href: settingsPaths.home, label: page.ctx.t('settings.back') },
    });
  }

  private async render(page: StaffPageContext, staff: StaffSessionPrincipal, o: Overrides): Promise<SettingsOutcome> {
    const { ctx, shell, timeZone } = page;
    const me = staff.caseworkerId;
    const now = this.clock.now();
    const [hours, absences, feedUrl, tokens, cw] = await Promise.all([
      o.hours ? Promise.resolve(null) : this.calendars.getWorkingHours(staff, me),
      this.calendars.listAbsences(staff, me, {
        from: new Date(now.getTime() - RECENT_DAYS * DAY),
        to: new Date(now.getTime() + AHEAD_DAYS * DAY),
      }),
      this.feeds.url(staff, me),
      this.caseworkers.listTokens(staff, me),
      this.caseworkers.get(staff, me),
    ]);
    const rows: HoursRow[] = hours
      ? [
          ...hours.map((h) => ({
            weekday: String(h.weekday),
            start: h.start,
            end: h.end,
            modes: [...h.modes],
            remove: false,
          })),
          blankRow(),
        ]
      : o.hours!.rows;
    const when = (d: Date) => formatDateTime(d, timeZone, ctx.locale, ctx.t);
    // Tables: "1 Dec 2026, 09:30", short enough for a column at 768 px.
    const short = (d: Date) =>
      `${inZone(d, timeZone, ctx.locale).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' })}, ${formatTime(d, timeZone, ctx.locale)}`;
    const absenceItems: AbsenceItem[] = absences
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())
      .sort((a, b) => Number(a.endsAt <= now) - Number(b.endsAt <= now) || a.startsAt.getTime() - b.startsAt.getTime())
      .map((a) => ({
        id: a.id,
        when: ctx.t('settings.absence.range', { from: when(a.startsAt), to: when(a.endsAt) }),
        note: a.note,
        past: a.endsAt <= now,
      }));
    const tokenItems: TokenItem[] = tokens
      .map((k): TokenItem => ({
        id: k.id,
        label: k.label,
        created: short(k.createdAt),
        lastUsed: k.lastUsedAt ? short(k.lastUsedAt) : null,
        expires: k.expiresAt ? short(k.expiresAt) : null,
        status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= now ? 'expired' : 'active',
      }))
      .reverse();
    const view: SettingsView = {
      shell,
      zone: zoneLabel(timeZone, ctx.locale),
      done: doneParam(ctx),
      hours: { rows, problems: o.hours?.problems ?? [] },
      absences: { list: absenceItems, form: o.absence?.form ?? EMPTY_ABSENCE, problems: o.absence?.problems ?? [] },
      feedUrl,
      tokens: { list: tokenItems, form: o.token?.form ?? EMPTY_TOKEN, problems: o.token?.problems ?? [] },
      locale: cw.locale,
      alert: o.alert ?? null,
    };
    return { ctx, page: 'settings', view, ...(o.status ? { status: o.status } : {}) };
  }
}

/** The `?done=` notice of a GET after a change (the page's table decides what it may say). */
function doneParam(ctx: WebContext): string | null {
  return ctx.query.done ?? null;
}
