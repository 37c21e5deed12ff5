import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { StaffTokensService } from '../auth/staff-tokens.service';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { CaseworkerEntity } from './caseworker.entity';
import { CreateCaseworkerDto } from './units.dto';

@Injectable()
export class CaseworkersService {
  constructor(
    @InjectRepository(CaseworkerEntity) private readonly caseworkers: Repository<CaseworkerEntity>,
    private readonly tokens: StaffTokensService,
    private readonly audit: AuditService,
  ) {}

  list(staff: StaffPrincipal, unitId: string): Promise<CaseworkerEntity[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.caseworkers.find({ where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(staff: StaffPrincipal, unitId: string, dto: CreateCaseworkerDto): Promise<CaseworkerEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    const email = dto.email.toLowerCase();
    if (await this.caseworkers.existsBy({ unitId, email })) {
      throw new DomainError(ErrorCode.CONFLICT, 'A caseworker with that email already exists in this unit.');
    }
    return this.caseworkers.manager.transaction(async (m) => {
      const cw = await m.save(
        m.create(CaseworkerEntity, { unitId, name: dto.name, email, timeZone: dto.timeZone ?? null, role: dto.role }),
      );
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
  }

  /** A caseworker of the caller's unit, or 404. */
  async get(staff: StaffPrincipal, id: string): Promise<CaseworkerEntity> {
    const cw = await this.caseworkers.findOneBy({ id });
    assertSameUnit(staff, cw?.unitId, 'Caseworker not found');
    return cw!;
  }

  async issueToken(staff: StaffPrincipal, caseworkerId: string, label: string): Promise<{ id: string; token: string }> {
    const cw = await this.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can only create tokens for yourself.');
    }
    const issued = await this.tokens.issue(cw.id, label);
    await this.audit.record({
      unitId: cw.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'staff_token.issued',
      details: { caseworkerId: cw.id, tokenId: issued.id },
    });
    return issued;
  }

  async revokeToken(staff: StaffPrincipal, caseworkerId: string, tokenId: string): Promise<void> {
    const cw = await this.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can only revoke your own tokens.');
    }
    if (!(await this.tokens.revoke(cw.id, tokenId))) throw new DomainError(ErrorCode.NOT_FOUND, 'Token not found');
    await this.audit.record({
      unitId: cw.unitId,
      actor: { type: 'staff', id: staff.caseworkerId },
      action: 'staff_token.revoked',
      details: { caseworkerId: cw.id, tokenId },
    });
  }
}
