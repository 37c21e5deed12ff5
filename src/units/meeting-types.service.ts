import { Injectable } from '@nestjs/common';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { Transactions } from '../common/transactions';
import { MeetingTypeEntity } from './meeting-type.entity';
import { MeetingTypeRepository } from './meeting-type.repository';
import { UnitContextChanges } from './unit-context-changes';
import { cleanPublicLabels, CreateMeetingTypeDto, UpdateMeetingTypeDto } from './units.dto';

const staffActor = (staff: StaffPrincipal) => ({ type: 'staff' as const, id: staff.caseworkerId });

@Injectable()
export class MeetingTypesService {
  constructor(
    private readonly types: MeetingTypeRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly contextChanges: UnitContextChanges,
  ) {}

  list(staff: StaffPrincipal, unitId: string): Promise<MeetingTypeEntity[]> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.types.listOfUnit(unitId);
  }

  async create(staff: StaffPrincipal, unitId: string, dto: CreateMeetingTypeDto): Promise<MeetingTypeEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    if (await this.types.keyTaken(unitId, dto.key)) {
      throw new DomainError(ErrorCode.CONFLICT, `A meeting type with key "${dto.key}" already exists.`);
    }
    const created = await this.transactions.run(async (m) => {
      const type = await this.types.insert(m, { ...dto, unitId, publicLabels: cleanPublicLabels(dto.publicLabels) });
      await this.audit.record(
        {
          unitId,
          actor: staffActor(staff),
          action: 'meeting_type.created',
          details: { meetingTypeId: type.id, key: type.key },
        },
        m,
      );
      return type;
    });
    this.contextChanges.changed(unitId);
    return created;
  }

  async update(staff: StaffPrincipal, id: string, dto: UpdateMeetingTypeDto): Promise<MeetingTypeEntity> {
    const type = await this.types.find(id);
    assertSameUnit(staff, type?.unitId, 'Meeting type not found');
    Object.assign(type!, dto, dto.publicLabels ? { publicLabels: cleanPublicLabels(dto.publicLabels) } : {});
    const updated = await this.transactions.run(async (m) => {
      const saved = await this.types.save(m, type!);
      await this.audit.record(
        {
          unitId: saved.unitId,
          actor: staffActor(staff),
          action: 'meeting_type.updated',
          details: { meetingTypeId: id, fields: Object.keys(dto) },
        },
        m,
      );
      return saved;
    });
    this.contextChanges.changed(updated.unitId);
    return updated;
  }

  intakeTypes(unitId: string): Promise<MeetingTypeEntity[]> {
    return this.types.intakeOfUnit(unitId);
  }

  /** A meeting type of the unit, or 404 (also for another unit's id). */
  async inUnit(unitId: string, id: string): Promise<MeetingTypeEntity> {
    const type = await this.types.activeInUnit(unitId, id);
    if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    return type;
  }
}
