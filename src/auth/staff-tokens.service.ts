import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { hashToken, newToken } from '../common/tokens';
import { StaffTokenEntity } from './staff-token.entity';
import { StaffPrincipal } from './staff-principal';

@Injectable()
export class StaffTokensService {
  constructor(
    @InjectRepository(StaffTokenEntity) private readonly tokens: Repository<StaffTokenEntity>,
    private readonly db: DataSource,
  ) {}

  /** Issues a token; the plain token is returned once and never stored. */
  async issue(caseworkerId: string, label: string): Promise<{ id: string; token: string }> {
    const token = newToken();
    const row = await this.tokens.save(
      this.tokens.create({ caseworkerId, label, tokenHash: hashToken(token), revokedAt: null }),
    );
    return { id: row.id, token };
  }

  async revoke(caseworkerId: string, tokenId: string): Promise<boolean> {
    const result = await this.tokens.update(
      { id: tokenId, caseworkerId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  async list(caseworkerId: string): Promise<StaffTokenEntity[]> {
    return this.tokens.find({ where: { caseworkerId }, order: { createdAt: 'ASC' } });
  }

  /** Every staff request starts here, so it is one indexed round trip (token and caseworker joined). */
  async resolve(token: string): Promise<StaffPrincipal | null> {
    if (token.length > 200) return null;
    const [row] = await preparedQuery<{ id: string; unit_id: string; role: StaffPrincipal['role'] }>(
      this.db,
      undefined,
      'staff-token-resolve',
      `SELECT c.id, c.unit_id, c.role FROM staff_tokens t JOIN caseworkers c ON c.id = t.caseworker_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND c.active`,
      [hashToken(token)],
    );
    return row ? { caseworkerId: row.id, unitId: row.unit_id, role: row.role } : null;
  }
}
