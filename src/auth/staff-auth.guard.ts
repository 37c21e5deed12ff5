import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Config } from '../../config/config';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { csrfTokenMatches, isSafeMethod, sessionTokenFromCookieHeader } from './session-cookie';
import { StaffSessionsService } from './staff-sessions.service';
import { StaffTokensService } from './staff-tokens.service';
import { ADMIN_ONLY, PUBLIC_ROUTE, StaffPrincipal } from './staff-principal';

/**
 * Global guard: every route needs a staff credential unless it is marked @Public(): a bearer token
 * (integrations; no CSRF) or the staff session cookie (the workspace pages' own API calls). With the
 * cookie, an unsafe method also needs the session's `X-CSRF-Token`: the browser sends the cookie on
 * any request to us, the header only our own page can set. Bearer wins when both are present.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  private readonly secure: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: StaffTokensService,
    private readonly sessions: StaffSessionsService,
    @Inject(CONFIG) config: Config,
  ) {
    this.secure = config.PUBLIC_URL.startsWith('https:');
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { staff?: StaffPrincipal }>();
    const principal = await this.authenticate(req);
    req.staff = principal;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && principal.role !== 'admin') {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin of the unit may do this.');
    }
    return true;
  }

  private async authenticate(req: Request): Promise<StaffPrincipal> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A staff bearer token is required.');
      const principal = await this.tokens.resolve(match[1]);
      if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The bearer token is not valid.');
      return principal;
    }
    const token = sessionTokenFromCookieHeader(req.headers.cookie, this.secure);
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A staff bearer token or session is required.');
    const session = await this.sessions.resolve(token);
    if (!session) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The session has ended. Please sign in again.');
    if (!isSafeMethod(req.method) && !csrfTokenMatches(session.csrfToken, req.headers['x-csrf-token'])) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'CSRF token missing or wrong.');
    }
    return session;
  }
}
