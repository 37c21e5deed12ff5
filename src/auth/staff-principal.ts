import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors';

export type StaffRole = 'caseworker' | 'admin';

/** Who is calling the staff API: resolved from the bearer token by StaffAuthGuard. */
export interface StaffPrincipal {
  caseworkerId: string;
  unitId: string;
  role: StaffRole;
}

export const PUBLIC_ROUTE = 'samtal:public';
export const ADMIN_ONLY = 'samtal:admin-only';

/** No bearer token: the route is public, or its credential is the capability token in the path. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export const Staff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  const principal = ctx.switchToHttp().getRequest<{ staff?: StaffPrincipal }>().staff;
  if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A staff bearer token is required.');
  return principal;
});

/** Another unit's ids answer 404, never 403: their existence is not ours to reveal. */
export function assertSameUnit(staff: StaffPrincipal, unitId: string | undefined | null, what = 'Not found'): void {
  if (!unitId || unitId !== staff.unitId) throw new DomainError(ErrorCode.NOT_FOUND, what);
}

/** A caseworker changes only their own calendar; an admin any calendar of the unit. */
export function assertCanManageCalendar(staff: StaffPrincipal, caseworker: { id: string; unitId: string }): void {
  assertSameUnit(staff, caseworker.unitId, 'Caseworker not found');
  if (staff.role !== 'admin' && staff.caseworkerId !== caseworker.id) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You can only change your own calendar.');
  }
}
