import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** The one writer of `units` (its settings are read by many through the booking context's loads). */
@Injectable()
export class UnitRepository {
  constructor(private readonly db: DataSource) {}

  find(id: string, m?: EntityManager): Promise<UnitEntity | null> {
    return (m ?? this.db.manager).findOneBy(UnitEntity, { id });
  }

  /** The unit, which must exist (a caseworker's own unit); fails with TypeORM's EntityNotFoundError otherwise. */
  findOrFail(id: string, m?: EntityManager): Promise<UnitEntity> {
    return (m ?? this.db.manager).findOneByOrFail(UnitEntity, { id });
  }

  findBySlug(slug: string): Promise<UnitEntity | null> {
    return this.db.manager.findOneBy(UnitEntity, { slug });
  }

  /** Writes the unit's settings as they are on the entity. */
  async save(m: EntityManager, unit: UnitEntity): Promise<void> {
    await m.save(unit);
  }

  /**
   * The unit with this slug, made with `init` when there is none (CLI, demo seed); `created` says
   * which. Two at once make one (the insert ignores a slug taken meanwhile).
   */
  async ensure(
    slug: string,
    init: { publicName: string; timeZone: string; address?: string },
  ): Promise<{ unit: UnitEntity; created: boolean }> {
    const repo = this.db.getRepository(UnitEntity);
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
}
