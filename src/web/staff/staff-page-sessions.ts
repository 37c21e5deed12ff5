import {
  applyDecorators,
  ArgumentsHost,
  CanActivate,
  Catch,
  Controller,
  createParamDecorator,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  PipeTransform,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/staff-principal';
import type { SignInMethod } from '../../auth/staff-session.entity';
import { StaffSessionPrincipal, StaffSessionsService } from '../../auth/staff-sessions.service';
import { PageErrorFilter } from '../http/page-error.filter';
import { PageFormGuard } from '../http/page-forms';
import { AnswersWithPages, type PageRenderer } from '../http/page-handlers';
import { WebContextFactory } from '../http/request-context';
import { staffSignInPath, staffSignInUrl } from './paths';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './session-cookie';

/** No live session on a staff page: the answer is a 303 to the sign-in page (StaffPageErrorFilter). */
export class StaffSignInRequired extends Error {
  constructor(readonly location: string) {
    super('Staff sign-in required');
    this.name = 'StaffSignInRequired';
  }
}

type StaffPageRequest = Request & { staffSession?: StaffSessionPrincipal };

/**
 * The session of a staff page's reader. `current` for pages that only want to know (the sign-in page:
 * already signed in?; sign-out), `require` for the workspace: no live session → StaffSignInRequired, which
 * StaffPageErrorFilter turns into a 303 to /staff/sign-in?next=<this path> (GET) or /staff/sign-in.
 * One look-up per request however often it is asked. A live session binds the request's page forms
 * to it (WebContextFactory.bindFormsToSession): their CSRF tokens are the session's.
 */
@Injectable()
export class StaffPageSessions {
  private readonly resolved = new WeakMap<Request, Promise<StaffSessionPrincipal | null>>();

  constructor(
    private readonly sessions: StaffSessionsService,
    private readonly web: WebContextFactory,
  ) {}

  get secure(): boolean {
    return this.web.secure;
  }

  current(req: Request): Promise<StaffSessionPrincipal | null> {
    let known = this.resolved.get(req);
    if (!known) {
      const token = readSessionToken(req, this.web.secure);
      known = token ? this.sessions.resolve(token) : Promise.resolve(null);
      // Signed in: this request's forms are the session's (a token from another session fails here).
      known = known.then((session) => {
        if (session) this.web.bindFormsToSession(req, session.csrfToken);
        return session;
      });
      this.resolved.set(req, known);
    }
    return known;
  }

  /**
   * The last step of every way in (email link, OpenID Connect): a new session, the browser's old
   * one ended (the id changes at sign-in), and the cookie set on `res`. Then redirect to
   * `safeNextPath(next) ?? staffHomePath`.
   */
  async signIn(
    req: Request,
    res: Response,
    input: { caseworkerId: string; method: SignInMethod },
  ): Promise<{ expiresAt: Date }> {
    const previousToken = readSessionToken(req, this.web.secure) ?? undefined;
    const { token, expiresAt } = await this.sessions.start({ ...input, previousToken });
    setSessionCookie(res, token, this.web.secure);
    this.resolved.delete(req);
    return { expiresAt };
  }

  async require(req: Request): Promise<StaffSessionPrincipal> {
    const session = await this.current(req);
    if (session) return session;
    const back = req.method === 'GET' || req.method === 'HEAD';
    throw new StaffSignInRequired(back ? staffSignInUrl(req.originalUrl) : staffSignInPath);
  }
}

/** Puts the live session on the request for @SignedInStaff(), or answers with the sign-in redirect. */
@Injectable()
export class StaffPageGuard implements CanActivate {
  constructor(private readonly pages: StaffPageSessions) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<StaffPageRequest>();
    req.staffSession = await this.pages.require(req);
    return true;
  }
}

/** The page errors, plus the staff pages' own: "sign in first" is a 303, and a dead cookie is cleared. */
@Catch()
@Injectable()
export class StaffPageErrorFilter implements ExceptionFilter {
  constructor(
    private readonly pageErrors: PageErrorFilter,
    private readonly web: WebContextFactory,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    if (!(err instanceof StaffSignInRequired)) return this.pageErrors.catch(err, host);
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (readSessionToken(req, this.web.secure)) clearSessionCookie(res, this.web.secure);
    res.redirect(303, err.location);
  }
}

/**
 * A controller of signed-in staff pages: `@StaffPages('staff/clients', render)` instead of `@Controller`.
 * Every route then needs a live session (else a 303 to sign-in), and a handler gets it with
 * `@SignedInStaff() staff: StaffSessionPrincipal` (role, unit, `csrfToken` for the page's API calls).
 * Not a bearer route: the global API guard steps aside (@Public), this guard decides. Every POST's
 * form is then checked against the session's token (PageFormGuard, after the session guard). A
 * handler returns its page (or redirect), which `render` turns into the answer (page-handlers.ts).
 */
export function StaffPages(path: string, render: PageRenderer): ClassDecorator {
  return applyDecorators(
    AnswersWithPages(render),
    ApiExcludeController(),
    Public(),
    UseGuards(StaffPageGuard, PageFormGuard),
    UseFilters(StaffPageErrorFilter),
    Controller(path),
  );
}

/** The session StaffPageGuard put on a request of a `@StaffPages` controller (a refused form's answer reads it). */
export function signedInStaffOf(req: Request): StaffSessionPrincipal {
  const session = (req as StaffPageRequest).staffSession;
  // Only under @StaffPages, whose guard has put it there.
  if (!session) throw new StaffSignInRequired(staffSignInPath);
  return session;
}

/** The reader's live session or null, for a page that only wants to know (the sign-in page: already signed in?). */
@Injectable()
export class CurrentStaffSessionPipe implements PipeTransform<Request, Promise<StaffSessionPrincipal | null>> {
  constructor(private readonly pages: StaffPageSessions) {}

  transform(req: Request): Promise<StaffSessionPrincipal | null> {
    return this.pages.current(req);
  }
}

const RequestOf = createParamDecorator((_: unknown, ctx: ExecutionContext): Request => ctx.switchToHttp().getRequest());

/** `@CurrentStaffSession() session: StaffSessionPrincipal | null` on a public staff page. */
export const CurrentStaffSession = (): ParameterDecorator => RequestOf(undefined, CurrentStaffSessionPipe);

export const SignedInStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffSessionPrincipal =>
  signedInStaffOf(ctx.switchToHttp().getRequest()),
);
