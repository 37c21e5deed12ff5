import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';

/**
 * The one read the client pages need that no service offers: a unit's meeting types without a staff
 * principal (MeetingTypesService.list requires one). Only public fields leave the client pages.
 */
@Injectable()
export class MeetingTypesReadModel {
  constructor(@InjectRepository(MeetingTypeEntity) private readonly types: Repository<MeetingTypeEntity>) {}

  /** All of the unit's types, inactive ones too: an old appointment still needs its label. */
  ofUnit(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.types.find({ where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
