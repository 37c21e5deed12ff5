import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';

/**
 * The one read the pages need that no service offers: a unit's meeting types without a staff
 * principal (MeetingTypesService.list requires one). Only public fields leave this module.
 */
@Injectable()
export class WebLookups {
  constructor(@InjectRepository(MeetingTypeEntity) private readonly types: Repository<MeetingTypeEntity>) {}

  /** All of the unit's types, inactive ones too: an old appointment still needs its label. */
  meetingTypes(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.types.find({ where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}

/** What a returning client may book: follow-up types once they have a caseworker, intake types before. */
export function bookableTypes(types: MeetingTypeEntity[], hasCaseworker: boolean): MeetingTypeEntity[] {
  const active = types.filter((t) => t.active);
  const fitting = active.filter((t) => t.intake !== hasCaseworker);
  return fitting.length ? fitting : active;
}
