import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { FeedUrlService } from '../../../calendars/feed-url.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { isLocale } from '../../i18n';
import { formatDateTime, formatTime, inZone, zoneLabel } from '../../ui/format';
import { url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffPageContext, StaffShellService } from '../ui/staff-shell.service';
import { AbsenceForm, checkTokenForm, FieldProblem, HoursRow, TokenForm } from './settings-forms';
import { settingsPaths } from './settings-paths';
import { SettingsOutcome, SettingsView, TokenItem } from './settings.page';
import {
  doneAfter,
  ExternalCalendarForms,
  externalCalendarItems,
  type ExternalCalendarsOverrides,
} from './external-calendars';
import type { CalDavForm, IcsForm } from './external-calendars-forms';
import { WorkingTimeForms, type WorkingTimeOverrides } from './working-time';

const EMPTY_TOKEN: TokenForm = { label: '', days: '90' };

/** What a failed form keeps: its own values and problems; every other section as stored. */
interface Overrides extends WorkingTimeOverrides {
  token?: { form: TokenForm; problems: FieldProblem[] };
  /** A failed connect form: the address (and user name) as typed, never the password. */
  external?: ExternalCalendarsOverrides;
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
    private readonly workingTime: WorkingTimeForms,
    private readonly externals: ExternalCalendarForms,
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
    const r = await this.workingTime.submitHours(staff, staff.caseworkerId, { rows, action, t: page.ctx.t });
    if (!r.saved)
      return this.render(page, staff, {
        hours: { rows: r.rows, problems: r.problems },
        ...(r.alert ? { alert: r.alert } : {}),
        ...(r.status ? { status: r.status } : {}),
      });
    return { redirect: url(settingsPaths.home, { done: 'hours' }) };
  }

  async addAbsence(
    rc: RequestContext,
    { staff, form }: { staff: StaffSessionPrincipal; form: AbsenceForm },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    const r = await this.workingTime.submitAbsence(staff, staff.caseworkerId, { form, zone: page.timeZone });
    if (!r.saved) return this.render(page, staff, { absence: { form, problems: r.problems }, status: 400 });
    return { redirect: url(settingsPaths.home, { done: 'absence-added' }) };
  }

  async removeAbsence(
    rc: RequestContext,
    { staff, absenceId }: { staff: StaffSessionPrincipal; absenceId: string },
  ): Promise<SettingsOutcome> {
    // My settings are my own, even for an admin: another caseworker's absence is not found here.
    await this.workingTime.removeAbsence(staff, staff.caseworkerId, absenceId);
    return { redirect: url(settingsPaths.home, { done: 'absence-removed' }) };
  }

  async confirmRotate(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
    const { ctx, shell } = await this.shell.page(rc, staff);
    return { ctx, page: 'rotateFeed', view: { shell } };
  }

  async rotateFeed(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
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
    await this.caseworkers.revokeToken(staff, staff.caseworkerId, tokenId);
    return { redirect: url(settingsPaths.home, { done: 'token-revoked' }) };
  }

  /** Saves the language of the caseworker's pages and mails; the next page is in it. */
  async setLanguage(
    rc: RequestContext,
    { staff, locale }: { staff: StaffSessionPrincipal; locale: string },
  ): Promise<SettingsOutcome> {
    if (!isLocale(locale)) return { redirect: settingsPaths.home };
    await this.caseworkers.setLocale(staff, staff.caseworkerId, locale);
    // `lang` in the address also replaces an earlier switcher choice (the `lang` cookie outranks the stored one).
    return { redirect: url(settingsPaths.home, { done: 'language', lang: locale }) };
  }

  /** Connects an ICS subscription link (the use case syncs it once); the link is never shown again. */
  async connectIcs(
    rc: RequestContext,
    { staff, form }: { staff: StaffSessionPrincipal; form: IcsForm },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    const r = await this.externals.submitIcs(staff, staff.caseworkerId, form);
    if (!r.saved) return this.render(page, staff, { external: { ics: form, problems: r.problems }, status: 400 });
    return this.toCalendars(doneAfter('connected', r.view));
  }

  /** Connects a CalDAV account; a failed form keeps the address and the user name, never the password. */
  async connectCalDav(
    rc: RequestContext,
    { staff, form }: { staff: StaffSessionPrincipal; form: CalDavForm },
  ): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    const r = await this.externals.submitCalDav(staff, staff.caseworkerId, form);
    if (!r.saved)
      return this.render(page, staff, {
        external: { caldav: { url: form.url, username: form.username }, problems: r.problems },
        status: 400,
      });
    return this.toCalendars(doneAfter('connected', r.view));
  }

  async saveCalendars(
    rc: RequestContext,
    { staff, id, hrefs }: { staff: StaffSessionPrincipal; id: string; hrefs: string[] },
  ): Promise<SettingsOutcome> {
    const view = await this.externals.selectCalendars(staff, staff.caseworkerId, id, hrefs);
    return this.toCalendars(doneAfter('calendars', view));
  }

  async syncCalendar(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<SettingsOutcome> {
    const view = await this.externals.sync(staff, staff.caseworkerId, id);
    return this.toCalendars(doneAfter('synced', view));
  }

  /** GET: the confirm step of a disconnect (nothing changes). */
  async confirmDisconnect(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<SettingsOutcome> {
    const { ctx, shell, timeZone } = await this.shell.page(rc, staff);
    const c = await this.externals.connectionOf(staff, staff.caseworkerId, id);
    const [connection] = externalCalendarItems([c], timeZone, ctx);
    return { ctx, page: 'disconnectCalendar', view: { shell, connection } };
  }

  async disconnect(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<SettingsOutcome> {
    await this.externals.disconnect(staff, staff.caseworkerId, id);
    return this.toCalendars('ext-disconnected');
  }

  /** Back to the section's heading, with what happened said right below it. */
  private toCalendars(done: string): SettingsOutcome {
    return { redirect: `${url(settingsPaths.home, { done })}#ext-title` };
  }

  /** A settings form posted without a valid token (PageFormGuard): back to My settings. */
  async refusedForm(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<SettingsOutcome> {
    const page = await this.shell.page(rc, staff);
    return csrfRefused(page.ctx, {
      siteName: page.shell.unitName,
      link: { href: settingsPaths.home, label: page.ctx.t('settings.back') },
    });
  }

  private async render(page: StaffPageContext, staff: StaffSessionPrincipal, o: Overrides): Promise<SettingsOutcome> {
    const { ctx, shell, timeZone } = page;
    const me = staff.caseworkerId;
    const now = this.clock.now();
    const [workingTime, external, feedUrl, tokens, cw] = await Promise.all([
      this.workingTime.sections(staff, me, page, o),
      this.externals.section(staff, me, page, o.external),
      this.feeds.url(staff, me),
      this.caseworkers.listTokens(staff, me),
      this.caseworkers.get(staff, me),
    ]);
    // Tables: "1 Dec 2026, 09:30", short enough for a column at 768 px.
    const short = (d: Date) =>
      `${inZone(d, timeZone, ctx.locale).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' })}, ${formatTime(d, timeZone, ctx.locale)}`;
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
      ...workingTime,
      external,
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
