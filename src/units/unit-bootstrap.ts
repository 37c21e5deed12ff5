import type { DataSource } from 'typeorm';
import { StaffTokenRepository } from '../auth/staff-token.repository';
import { tokenExpiry } from '../auth/staff-tokens.service';
import { hashToken, newToken } from '../common/tokens';
import { CaseworkerEntity, StaffRole } from './caseworker.entity';
import { CaseworkerRepository } from './caseworker.repository';
import { UnitEntity } from './unit.entity';
import { UnitRepository } from './unit.repository';

/** Creating units and their first admins outside the API (CLI, demo seed), through the tables' repositories. */
export function ensureUnit(
  db: DataSource,
  slug: string,
  init: { publicName: string; timeZone: string; address?: string },
): Promise<{ unit: UnitEntity; created: boolean }> {
  return new UnitRepository(db).ensure(slug, init);
}

export function ensureStaff(
  db: DataSource,
  unitId: string,
  init: { email: string; name: string; role: StaffRole },
): Promise<CaseworkerEntity> {
  return new CaseworkerRepository(db).ensureInUnit(unitId, init);
}

/**
 * A new bearer token for the caseworker; the plain token is returned once. Like one made through the
 * API it has a label and the default expiry, so it is listed and can be revoked by id.
 */
export async function issueStaffToken(
  db: DataSource,
  caseworkerId: string,
  label: string,
  now: Date = new Date(),
): Promise<string> {
  const token = newToken();
  await new StaffTokenRepository(db).insert({
    caseworkerId,
    label,
    tokenHash: hashToken(token),
    expiresAt: tokenExpiry(now),
  });
  return token;
}
