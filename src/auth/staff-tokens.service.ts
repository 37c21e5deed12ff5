import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { hashToken, newToken } from '../common/tokens';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { StaffTokenEntity } from '../units/staff-token.entity';
import { StaffPrincipal } from './staff-principal';

@Injectable()
export class StaffTokensService {
  constructor(
    @InjectRepository(StaffTokenEntity) private readonly tokens: Repository<StaffTokenEntity>,
    @InjectRepository(CaseworkerEntity) private readonly caseworkers: Repository<CaseworkerEntity>,
  ) {}

  /** Issues a token; the plain token is returned once and never stored. */
  async issue(caseworkerId: string, label: string): Promise<{ id: string; token: string }> {
    const token = newToken();
    const row = await this.tokens.save(this.tokens.create({ caseworkerId, label, tokenHash: hashToken(token), revokedAt: null }));
    return { id: row.id, token };
  }

  async revoke(caseworkerId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens.update({ id: tokenId, caseworkerId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async list(caseworkerId: string): Promise<StaffTokenEntity[]> {
    return this.tokens.find({ where: { caseworkerId }, order: { createdAt: 'ASC' } });
  }

  async resolve(token: string): Promise<StaffPrincipal | null> {
    if (token.length > 200) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() } });
    if (!row) return null;
    const cw = await this.caseworkers.findOne({ where: { id: row.caseworkerId, active: true } });
    return cw ? { caseworkerId: cw.id, unitId: cw.unitId, role: cw.role } : null;
  }
}
