import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SIGN_OUT_REDIRECT, type SignOutRedirect } from '../../../auth/sign-out-redirect';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { StaffSessionsService } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CaseworkerEntity } from '../../../units/caseworker.entity';
import { UnitEntity } from '../../../units/unit.entity';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import { signedOutUrl, staffHomePath } from '../paths';
import { StaffHomeOutcome } from './staff-home.page';

/** GET /staff and POST /staff/sign-out. */
@Injectable()
export class StaffHomePagesService {
  constructor(
    @InjectRepository(CaseworkerEntity) private readonly caseworkers: Repository<CaseworkerEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    private readonly sessions: StaffSessionsService,
    @Inject(SIGN_OUT_REDIRECT) private readonly signOutRedirect: SignOutRedirect,
  ) {}

  async show(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<StaffHomeOutcome> {
    const [cw, unit] = await Promise.all([
      this.caseworkers.findOneBy({ id: staff.caseworkerId }),
      this.units.findOneBy({ id: staff.unitId }),
    ]);
    if (!cw || !unit) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    // The staff member's own language first (like a client's), then the browser's, then the unit's.
    const ctx = rc.page({ clientLocale: cw.locale, unitDefault: unit.defaultLocale });
    const role = ctx.t(staff.role === 'admin' ? 'staff.role.admin' : 'staff.role.caseworker');
    return {
      ctx,
      page: 'home',
      view: { name: cw.name, role, unitName: unit.publicName, apiCsrfToken: staff.csrfToken },
    };
  }

  /**
   * Ends the session server-side (a stolen copy of the cookie dies with it), then the sign-in page,
   * or the identity provider's sign-out for an oidc session (SIGN_OUT_REDIRECT). The controller
   * clears the cookie on the redirect. Without a live session it is simply the sign-in page.
   */
  async signOut(rc: RequestContext, { token }: { token: string | null }): Promise<StaffHomeOutcome> {
    if (!rc.formVerified) {
      const ctx = rc.page();
      return csrfRefused(ctx, { siteName: '', link: { href: staffHomePath, label: ctx.t('common.back') } });
    }
    const ended = token ? await this.sessions.end(token) : null;
    // The oidc helper's provider sign-out plugs in here (SIGN_OUT_REDIRECT), for oidc sessions only.
    const elsewhere = ended ? await this.signOutRedirect.after(ended) : null;
    return { redirect: elsewhere ?? signedOutUrl };
  }
}
