import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '../common/errors';
import { StaffTokensService } from './staff-tokens.service';
import { ADMIN_ONLY, PUBLIC_ROUTE, StaffPrincipal } from './staff-principal';

/** Global guard: every route needs a staff bearer token unless it is marked @Public(). */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: StaffTokensService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { staff?: StaffPrincipal }>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A staff bearer token is required.');
    const principal = await this.tokens.resolve(match[1]);
    if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The bearer token is not valid.');
    req.staff = principal;
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && principal.role !== 'admin') {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin of the unit may do this.');
    }
    return true;
  }
}
