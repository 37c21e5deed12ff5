import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { StaffLockout } from '../auth/staff-lockout';
import { StaffTokenEntity } from '../auth/staff-token.entity';
import { StaffTokensService } from '../auth/staff-tokens.service';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode, ErrorReason } from '../common/errors';
import { Transactions } from '../common/transactions';
import { isLocale, LOCALES } from '../common/locale';
import { CaseworkerEntity, StaffRole } from './caseworker.entity';
import { CaseworkerRepository } from './caseworker.repository';
import { UnitContextChanges } from './unit-context-changes';
import { CreateCaseworkerDto } from './units.dto';

@Injectable()
export class CaseworkersService {
  constructor(
    private readonly caseworkers: CaseworkerRepository,
    private readonly transactions: Transactions,
    private readonly tokens: StaffTokensService,
    private readonly audit: AuditService,
    private readonly lockout: StaffLockout,
    private readonly contextChanges: UnitContextChanges,
  ) {}

  list(staff: StaffPrincipal, unitId: string): Promise<CaseworkerEntity[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.caseworkers.listOfUnit(unitId);
  }

  async create(staff: StaffPrincipal, unitId: string, dto: CreateCaseworkerDto): Promise<CaseworkerEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    const email = dto.email.toLowerCase();
    if (await this.caseworkers.emailTaken(unitId, email)) {
      throw new DomainError(ErrorCode.CONFLICT, 'A caseworker with that email already exists in this unit.');
    }
    const created = await this.transactions.run(async (m) => {
      const cw = await this.caseworkers.insert(m, {
        unitId,
        name: dto.name,
        email,
        timeZone: dto.timeZone ?? null,
        role: dto.role,
      });
      await this.audit.record(
        {
          unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'caseworker.created',
          details: { caseworkerId: cw.id, role: cw.role },
        },
        m,
      );
      return cw;
    });
    this.contextChanges.changed(unitId);
    return created;
  }

  /** A caseworker of the caller's unit, or 404. */
  async get(staff: StaffPrincipal, id: string): Promise<CaseworkerEntity> {
    const cw = await this.caseworkers.find(id);
    assertSameUnit(staff, cw?.unitId, 'Caseworker not found');
    return cw!;
  }

  async issueToken(
    staff: StaffPrincipal,
    caseworkerId: string,
    dto: { label: string; expiresInDays?: number },
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    const cw = await this.ownTokens(staff, caseworkerId, 'You can only create tokens for yourself.');
    if (!cw.active)
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This caseworker is deactivated; activate them before making a token.',
        {},
        ErrorReason.CASEWORKER_INACTIVE,
      );
    return this.transactions.run(async (m) => {
      const issued = await this.tokens.issue(cw.id, dto.label, { expiresInDays: dto.expiresInDays, manager: m });
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'staff_token.issued',
          details: { caseworkerId: cw.id, tokenId: issued.id },
        },
        m,
      );
      return { id: issued.id, token: issued.token, expiresAt: issued.expiresAt.toISOString() };
    });
  }

  /** The caseworker's tokens (revoked and expired ones too); an admin sees anyone's of the unit. */
  async listTokens(staff: StaffPrincipal, caseworkerId: string): Promise<StaffTokenEntity[]> {
    const cw = await this.ownTokens(staff, caseworkerId, 'You can only see your own tokens.');
    return this.tokens.list(cw.id);
  }

  async revokeToken(staff: StaffPrincipal, caseworkerId: string, tokenId: string): Promise<void> {
    const cw = await this.ownTokens(staff, caseworkerId, 'You can only revoke your own tokens.');
    await this.transactions.run(async (m) => {
      if (!(await this.tokens.revoke(cw.id, tokenId, m))) throw new DomainError(ErrorCode.NOT_FOUND, 'Token not found');
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'staff_token.revoked',
          details: { caseworkerId: cw.id, tokenId },
        },
        m,
      );
    });
    this.tokens.forgetCaseworker(cw.id);
  }

  /**
   * The caseworker's own language for pages and mails (en, sv or de; null: the unit's default). Only
   * for themself, or an admin for anyone in the unit.
   */
  async setLocale(staff: StaffPrincipal, caseworkerId: string, locale: string | null): Promise<CaseworkerEntity> {
    if (locale !== null && !isLocale(locale))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `locale must be one of ${LOCALES.join(', ')}.`);
    const cw = await this.ownTokens(staff, caseworkerId, 'You can only change your own language.');
    await this.transactions.run(async (m) => {
      await this.caseworkers.setLocale(m, cw.id, locale);
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'caseworker.locale_changed',
          details: { caseworkerId: cw.id, locale },
        },
        m,
      );
      cw.locale = locale;
    });
    // The booking context carries the caseworker (their language is the one of their mails).
    this.contextChanges.changed(cw.unitId);
    return cw;
  }

  /**
   * Offboarding, in the caller's transaction: the caseworker is inactive and locked out at once —
   * every bearer token revoked, every session ended, the feed URL and any sign-in link dead. Their
   * appointments stay (the caller lists them for reassignment). Deactivating again changes nothing
   * but is audited. An admin cannot deactivate themself (the unit would lose the one who can undo it).
   * The caller calls `deactivated` once its transaction has committed (OffboardingService).
   */
  async deactivate(staff: StaffPrincipal, caseworkerId: string, m: EntityManager): Promise<CaseworkerEntity> {
    if (caseworkerId === staff.caseworkerId)
      throw new DomainError(ErrorCode.FORBIDDEN, 'You cannot deactivate yourself; ask another admin of the unit.');
    // The caller's row too, in id order: two admins deactivating each other at once cannot both win.
    const [cw, self] = await this.lockForChange(staff, [caseworkerId, staff.caseworkerId], m);
    if (!self?.active) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Your account was deactivated.');
    const wasActive = cw.active;
    cw.active = false;
    await this.caseworkers.setActive(m, cw.id, false);
    const { tokensRevoked, sessionsEnded } = await this.lockout.lockOut(cw.id, m);
    await this.audit.record(
      {
        unitId: cw.unitId,
        actor: { type: 'staff', id: staff.caseworkerId },
        action: 'caseworker.deactivated',
        details: { caseworkerId: cw.id, wasActive, tokensRevoked, sessionsEnded },
      },
      m,
    );
    return cw;
  }

  /**
   * After a deactivation has committed: this instance's next public booking or slot search no longer
   * offers them, and their bearer tokens answer 401 at once (other instances: within TOKEN_CACHE_TTL_MS).
   */
  deactivated(cw: CaseworkerEntity): void {
    this.contextChanges.changed(cw.unitId);
    this.tokens.forgetCaseworker(cw.id);
  }

  /**
   * An admin sets a caseworker's role (issue 12, the admin pages). The unit keeps at least one
   * active admin: demoting the last one (oneself included) is CONFLICT. The unit's admins are
   * locked for the check, so two admins demoting each other at once cannot both win.
   */
  async changeRole(staff: StaffPrincipal, caseworkerId: string, role: StaffRole): Promise<CaseworkerEntity> {
    if (staff.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN, 'Only an admin can change roles.');
    const changed = await this.transactions.run(async (m) => {
      const [cw] = await this.lockForChange(staff, [caseworkerId], m);
      const wasRole = cw.role;
      if (wasRole === role) return cw;
      if (wasRole === 'admin') {
        const admins = await this.caseworkers.lockActiveAdmins(m, cw.unitId);
        if (!admins.some((a) => a.id !== cw.id))
          throw new DomainError(
            ErrorCode.CONFLICT,
            'The unit needs at least one admin; make someone else admin first.',
          );
      }
      cw.role = role;
      await this.caseworkers.setRole(m, cw.id, role);
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'caseworker.role_changed',
          details: { caseworkerId: cw.id, from: wasRole, to: role },
        },
        m,
      );
      return cw;
    });
    this.contextChanges.changed(changed.unitId);
    this.tokens.forgetCaseworker(changed.id);
    return changed;
  }

  /** Reverses a deactivation. Old tokens and the old feed URL stay dead: a new token or a sign-in is needed. */
  async activate(staff: StaffPrincipal, caseworkerId: string): Promise<CaseworkerEntity> {
    const activated = await this.transactions.run(async (m) => {
      const [cw] = await this.lockForChange(staff, [caseworkerId], m);
      const wasActive = cw.active;
      cw.active = true;
      await this.caseworkers.setActive(m, cw.id, true);
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'caseworker.activated',
          details: { caseworkerId: cw.id, wasActive },
        },
        m,
      );
      return cw;
    });
    this.contextChanges.changed(activated.unitId);
    return activated;
  }

  /**
   * These caseworkers' rows, locked in id order for the rest of the transaction, in the order asked;
   * the first must be of the caller's unit (another unit's: 404).
   */
  private async lockForChange(staff: StaffPrincipal, ids: string[], m: EntityManager): Promise<CaseworkerEntity[]> {
    const rows = await this.caseworkers.lockInIdOrder(m, ids);
    const byId = ids.map((id) => rows.find((r) => r.id === id)!);
    assertSameUnit(staff, byId[0]?.unitId, 'Caseworker not found');
    return byId;
  }

  /** A caseworker manages their own tokens; an admin anyone's in the unit. */
  private async ownTokens(staff: StaffPrincipal, caseworkerId: string, refusal: string): Promise<CaseworkerEntity> {
    const cw = await this.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id) throw new DomainError(ErrorCode.FORBIDDEN, refusal);
    return cw;
  }
}
