import { Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { parseCookies } from '../../../common/cookies';
import { UuidParam } from '../../../common/uuid-param';
import { formField } from '../../http/form';
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
@StaffPages('staff/settings')
export class SettingsController implements AnswersRefusedForms {
  constructor(
    private readonly pages: SettingsPagesService,
    private readonly web: WebContextFactory,
  ) {}

  async refusedForm(rc: RequestContext, req: Request) {
    return render(await this.pages.refusedForm(rc, { staff: signedInStaffOf(req) }));
  }

  @Get()
  async show(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, render(await this.pages.show(this.web.context(req, res), { staff })));
  }

  @Post('hours')
  async hours(@SignedInStaff() staff: StaffSessionPrincipal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = readHoursForm(req.body);
    send(res, render(await this.pages.saveHours(this.web.context(req, res), { staff, ...form })));
  }

  @Post('absences')
  async addAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readAbsenceForm(req.body);
    send(res, render(await this.pages.addAbsence(this.web.context(req, res), { staff, form })));
  }

  @Post('absences/:id/remove')
  async removeAbsence(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') absenceId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.removeAbsence(this.web.context(req, res), { staff, absenceId })));
  }

  @Get('feed/rotate')
  async confirmRotate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.confirmRotate(this.web.context(req, res), { staff })));
  }

  @Post('feed/rotate')
  async rotate(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.rotateFeed(this.web.context(req, res), { staff })));
  }

  @Post('tokens')
  async createToken(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
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
    @Req() req: Request,
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
  async revokeToken(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') tokenId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.revokeToken(this.web.context(req, res), { staff, tokenId })));
  }

  @Post('language')
  async language(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const locale = formField(req.body, 'locale');
    send(res, render(await this.pages.setLanguage(this.web.context(req, res), { staff, locale })));
  }

  /** Busy times from the caseworker's own calendar: an ICS subscription link. */
  @Post('external-calendars/ics')
  async connectIcs(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readIcsForm(req.body);
    send(res, render(await this.pages.connectIcs(this.web.context(req, res), { staff, form })));
  }

  /** …or a CalDAV account (the password travels in this POST only, never back). */
  @Post('external-calendars/caldav')
  async connectCalDav(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = readCalDavForm(req.body);
    send(res, render(await this.pages.connectCalDav(this.web.context(req, res), { staff, form })));
  }

  @Post('external-calendars/:id/calendars')
  async saveCalendars(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const hrefs = readCalendarChoice(req.body);
    send(res, render(await this.pages.saveCalendars(this.web.context(req, res), { staff, id, hrefs })));
  }

  @Post('external-calendars/:id/sync')
  async syncCalendar(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.syncCalendar(this.web.context(req, res), { staff, id })));
  }

  @Get('external-calendars/:id/disconnect')
  async confirmDisconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.confirmDisconnect(this.web.context(req, res), { staff, id })));
  }

  @Post('external-calendars/:id/disconnect')
  async disconnect(
    @SignedInStaff() staff: StaffSessionPrincipal,
    @UuidParam('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    send(res, render(await this.pages.disconnect(this.web.context(req, res), { staff, id })));
  }
}
