import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { DomainError, ErrorCode } from '../common/errors';
import { MeetingTypeEntity } from './meeting-type.entity';
import { CreateMeetingTypeDto, UpdateMeetingTypeDto } from './units.dto';

@Injectable()
export class MeetingTypesService {
  constructor(@InjectRepository(MeetingTypeEntity) private readonly types: Repository<MeetingTypeEntity>) {}

  list(staff: StaffPrincipal, unitId: string): Promise<MeetingTypeEntity[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.types.find({ where: { unitId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(staff: StaffPrincipal, unitId: string, dto: CreateMeetingTypeDto): Promise<MeetingTypeEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    if (await this.types.existsBy({ unitId, key: dto.key })) {
      throw new DomainError(ErrorCode.CONFLICT, `A meeting type with key "${dto.key}" already exists.`);
    }
    return this.types.save(this.types.create({ ...dto, unitId }));
  }

  async update(staff: StaffPrincipal, id: string, dto: UpdateMeetingTypeDto): Promise<MeetingTypeEntity> {
    const type = await this.types.findOneBy({ id });
    assertSameUnit(staff, type?.unitId, 'Meeting type not found');
    Object.assign(type!, dto);
    return this.types.save(type!);
  }

  intakeTypes(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.types.find({ where: { unitId, intake: true, active: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** A meeting type of the unit, or 404 (also for another unit's id). */
  async inUnit(unitId: string, id: string): Promise<MeetingTypeEntity> {
    const type = await this.types.findOneBy({ id, unitId, active: true });
    if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    return type;
  }
}
