import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseworkerEntity, StaffRole } from './caseworker.entity';

/**
 * The one writer of `caseworkers` (sign-in's reads and its OpenID Connect link are auth/'s
 * SignInStaffRepository, since units/ imports auth/ and not the other way).
 */
@Injectable()
export class CaseworkerRepository {
  constructor(private readonly db: DataSource) {}

  find(id: string): Promise<CaseworkerEntity | null> {
    return this.db.manager.findOneBy(CaseworkerEntity, { id });
  }

  /** The caseworker, who must exist (the signed-in one); fails with TypeORM's EntityNotFoundError otherwise. */
  findOrFail(id: string): Promise<CaseworkerEntity> {
    return this.db.manager.findOneByOrFail(CaseworkerEntity, { id });
  }

  /** The unit's caseworkers, deactivated ones too, oldest first. */
  listOfUnit(unitId: string): Promise<CaseworkerEntity[]> {
    return this.db.manager.find(CaseworkerEntity, { where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Whether the unit has a caseworker with this (lower-cased) email. */
  emailTaken(unitId: string, email: string): Promise<boolean> {
    return this.db.manager.existsBy(CaseworkerEntity, { unitId, email });
  }

  /** A new caseworker; the row as stored. */
  insert(
    m: EntityManager,
    row: Pick<CaseworkerEntity, 'unitId' | 'name' | 'email' | 'timeZone' | 'role'>,
  ): Promise<CaseworkerEntity> {
    return m.save(m.create(CaseworkerEntity, row));
  }

  /**
   * These caseworkers' rows, locked (FOR UPDATE) in id order for the rest of the transaction, so two
   * changes that take several rows cannot wait on each other.
   */
  lockInIdOrder(m: EntityManager, ids: string[]): Promise<CaseworkerEntity[]> {
    return m.find(CaseworkerEntity, {
      where: { id: In(ids) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The unit's active admins, locked (FOR UPDATE) in id order for the rest of the transaction. */
  lockActiveAdmins(m: EntityManager, unitId: string): Promise<CaseworkerEntity[]> {
    return m.find(CaseworkerEntity, {
      where: { unitId, role: 'admin', active: true },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async setLocale(m: EntityManager, id: string, locale: string | null): Promise<void> {
    await m.update(CaseworkerEntity, { id }, { locale });
  }

  async setRole(m: EntityManager, id: string, role: StaffRole): Promise<void> {
    await m.update(CaseworkerEntity, { id }, { role });
  }

  async setActive(m: EntityManager, id: string, active: boolean): Promise<void> {
    await m.update(CaseworkerEntity, { id }, { active });
  }

  /** The unit's caseworker with this email, made with `init` when there is none (CLI, demo seed). */
  async ensureInUnit(
    unitId: string,
    init: { email: string; name: string; role: StaffRole },
  ): Promise<CaseworkerEntity> {
    const repo = this.db.getRepository(CaseworkerEntity);
    const email = init.email.toLowerCase();
    const existing = await repo.findOneBy({ unitId, email });
    if (existing) return existing;
    return repo.save(repo.create({ unitId, email, name: init.name, role: init.role }));
  }
}
