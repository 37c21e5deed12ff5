import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, EntityManager } from 'typeorm';
import { MeetingTypeEntity } from './meeting-type.entity';

/** The one writer of `meeting_types`. */
@Injectable()
export class MeetingTypeRepository {
  constructor(private readonly db: DataSource) {}

  find(id: string): Promise<MeetingTypeEntity | null> {
    return this.db.manager.findOneBy(MeetingTypeEntity, { id });
  }

  /** The unit's meeting types, inactive ones too, oldest first. */
  listOfUnit(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.db.manager.find(MeetingTypeEntity, { where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The unit's active intake types (a first meeting books one of them), oldest first. */
  intakeOfUnit(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.db.manager.find(MeetingTypeEntity, {
      where: { unitId, intake: true, active: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** An active meeting type of the unit, or null (also for another unit's id). */
  activeInUnit(unitId: string, id: string): Promise<MeetingTypeEntity | null> {
    return this.db.manager.findOneBy(MeetingTypeEntity, { id, unitId, active: true });
  }

  keyTaken(unitId: string, key: string): Promise<boolean> {
    return this.db.manager.existsBy(MeetingTypeEntity, { unitId, key });
  }

  /** A new meeting type; the row as stored. */
  insert(m: EntityManager, fields: DeepPartial<MeetingTypeEntity>): Promise<MeetingTypeEntity> {
    return m.save(m.create(MeetingTypeEntity, fields));
  }

  /** Writes the type as it is on the entity; the row as stored. */
  save(m: EntityManager, type: MeetingTypeEntity): Promise<MeetingTypeEntity> {
    return m.save(type);
  }
}
