import { DataSource } from 'typeorm';
import { StaffTokenEntity } from '../auth/staff-token.entity';
import { tokenExpiry } from '../auth/staff-tokens.service';
import { hashToken, newToken } from '../common/tokens';
import { CaseworkerEntity, StaffRole } from './caseworker.entity';
import { UnitEntity } from './unit.entity';

/** Creating units and their first admins outside the API (CLI, demo seed). */
export async function ensureUnit(
  db: DataSource,
  slug: string,
  init: { publicName: string; timeZone: string; address?: string },
): Promise<{ unit: UnitEntity; created: boolean }> {
  const repo = db.getRepository(UnitEntity);
  const existing = await repo.findOneBy({ slug });
  if (existing) return { unit: existing, created: false };
  await repo
    .createQueryBuilder()
    .insert()
    .values({ slug, ...init })
    .orIgnore()
    .execute();
  return { unit: await repo.findOneByOrFail({ slug }), created: true };
}

export async function ensureStaff(
  db: DataSource,
  unitId: string,
  init: { email: string; name: string; role: StaffRole },
): Promise<CaseworkerEntity> {
  const repo = db.getRepository(CaseworkerEntity);
  const email = init.email.toLowerCase();
  const existing = await repo.findOneBy({ unitId, email });
  if (existing) return existing;
  return repo.save(repo.create({ unitId, email, name: init.name, role: init.role }));
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
  await db
    .getRepository(StaffTokenEntity)
    .insert({ caseworkerId, label, tokenHash: hashToken(token), revokedAt: null, expiresAt: tokenExpiry(now) });
  return token;
}
