import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { parseCookies } from '../../../common/cookies';
import { UuidParam } from '../../../common/uuid-param';
import { formField } from '../../http/form';
import { PageContext } from '../../http/page-handlers';
import { renderer, send } from '../../http/page-response';
import type { AnswersRefusedForms } from '../../http/page-forms';
import { RequestContext, WebContextFactory } from '../../http/request-context';
import { signedInStaffOf, SignedInStaff, StaffPages } from '../staff-page-sessions';
import { readAbsenceForm, readHoursForm, readTokenForm } from './settings-forms';
import { readCalDavForm, readCalendarChoice, readIcsForm } from './external-calendars-forms';
import { settingsPaths } from './settings-paths';
import { SettingsPagesService } from './settings-pages.service';
import { SETTINGS_PAGES } from './settings.page';

const render = renderer(SETTINGS_PAGES);

/**
 * The new token travels from the POST to its result page in this cookie, for that page only and
 * for a minute at most; the result page clears it, so a reload shows the token no more.
 */
const REVEAL_COOKIE = 'samtal_new_token';

function revealCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${REVEAL_COOKIE}=${value}`,
    `Path=${settingsPaths.tokenCreated}`,
    'SameSite=Strict',
    'HttpOnly',
    ...(secure ? ['Secure'] : []),
    `Max-Age=${maxAgeSeconds}`,
  ].join('; ');
}

/** /staff/settings: the signed-in caseworker's own settings (no id in any address). */
@StaffPages('staff/settings', render)
export class SettingsController implements AnswersRefusedForms {
  constructor(
    private readonly pages: SettingsPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req) }));
  }

  @Get()
  show(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.show(rc, { staff });
  }

  @Post('hours')
  hours(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    const form = readHoursForm(body);
    return this.pages.saveHours(rc, { staff, ...form });
  }

  @Post('absences')
  addAbsence(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    const form = readAbsenceForm(body);
    return this.pages.addAbsence(rc, { staff, form });
  }

  @Post('absences/:id/remove')
  removeAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') absenceId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.removeAbsence(rc, { staff, absenceId });
  }

  @Get('feed/rotate')
  confirmRotate(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.confirmRotate(rc, { staff });
  }

  @Post('feed/rotate')
  rotate(@SignedInStaff() staff: StaffSessionPrincipal, @PageContext() rc: RequestContext) {
    return this.pages.rotateFeed(rc, { staff });
  }

  @Post('tokens')
  async createToken(
    @SignedInStaff() staff: StaffSessionPrincipal,
    // eslint-disable-next-line no-restricted-syntax -- hands the new token to its result page in a cookie
    @Req() req: Request,
    // eslint-disable-next-line no-restricted-syntax -- hands the new token to its result page in a cookie
    @Res() res: Response,
  ): Promise<void> {
    const form = readTokenForm(req.body);
    const { outcome, issued } = await this.pages.createToken(this.web.context(req, res), { staff, form });
    if (issued) res.append('Set-Cookie', revealCookie(`${issued.id}.${issued.token}`, 60, this.web.secure));
    send(res, render(outcome));
  }

  @Get('tokens/created')
  async tokenCreated(
    @SignedInStaff() staff: StaffSessionPrincipal,
    // eslint-disable-next-line no-restricted-syntax -- reads the new token's cookie and spends it
    @Req() req: Request,
    // eslint-disable-next-line no-restricted-syntax -- reads the new token's cookie and spends it
    @Res() res: Response,
  ): Promise<void> {
    const rc = this.web.context(req, res);
    const tokenId = rc.query.id ?? '';
    const [id, token] = (parseCookies(req.headers.cookie)[REVEAL_COOKIE] ?? '').split('.');
    // Whatever this view shows, the cookie is spent.
    res.append('Set-Cookie', revealCookie('', 0, this.web.secure));
    const revealed = id === tokenId && token ? token : null;
    send(res, render(await this.pages.tokenCreated(rc, { staff, tokenId, revealed })));
  }

  @Post('tokens/:id/revoke')
  revokeToken(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') tokenId: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.revokeToken(rc, { staff, tokenId });
  }

  @Post('language')
  language(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    const locale = formField(body, 'locale');
    return this.pages.setLanguage(rc, { staff, locale });
  }

  /** Busy times from the caseworker's own calendar: an ICS subscription link. */
  @Post('external-calendars/ics')
  connectIcs(@SignedInStaff() staff: StaffSessionPrincipal, @Body() body: unknown, @PageContext() rc: RequestContext) {
    const form = readIcsForm(body);
    return this.pages.connectIcs(rc, { staff, form });
  }

  /** …or a CalDAV account (the password travels in this POST only, never back). */
  @Post('external-calendars/caldav')
  connectCalDav(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const form = readCalDavForm(body);
    return this.pages.connectCalDav(rc, { staff, form });
  }

  @Post('external-calendars/:id/calendars')
  saveCalendars(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Body() body: unknown,
    @PageContext() rc: RequestContext,
  ) {
    const hrefs = readCalendarChoice(body);
    return this.pages.saveCalendars(rc, { staff, id, hrefs });
  }

  @Post('external-calendars/:id/sync')
  syncCalendar(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.syncCalendar(rc, { staff, id });
  }

  @Get('external-calendars/:id/disconnect')
  confirmDisconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.confirmDisconnect(rc, { staff, id });
  }

  @Post('external-calendars/:id/disconnect')
  disconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @PageContext() rc: RequestContext,
  ) {
    return this.pages.disconnect(rc, { staff, id });
  }
}
