import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { CaseworkerEntity } from './caseworker.entity';
import { UnitContextChanges } from './unit-context-changes';
import { UnitEntity } from './unit.entity';
import { UpdateUnitDto, WhoamiResponse } from './units.dto';

@Injectable()
export class UnitsService {
  constructor(
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    @InjectRepository(CaseworkerEntity) private readonly caseworkers: Repository<CaseworkerEntity>,
    private readonly audit: AuditService,
    private readonly contextChanges: UnitContextChanges,
  ) {}

  async whoami(staff: StaffPrincipal): Promise<WhoamiResponse> {
    const [cw, unit] = await Promise.all([
      this.caseworkers.findOneByOrFail({ id: staff.caseworkerId }),
      this.units.findOneByOrFail({ id: staff.unitId }),
    ]);
    return {
      caseworker: { id: cw.id, name: cw.name, email: cw.email, role: cw.role },
      unit: { id: unit.id, slug: unit.slug, publicName: unit.publicName, timeZone: unit.timeZone },
    };
  }

  async get(staff: StaffPrincipal, unitId: string): Promise<UnitEntity> {
    assertSameUnit(staff, unitId, 'Unit not found');
    return this.byId(unitId);
  }

  async byId(unitId: string): Promise<UnitEntity> {
    const unit = await this.units.findOneBy({ id: unitId });
    if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, 'Unit not found');
    return unit;
  }

  async bySlug(slug: string): Promise<UnitEntity> {
    const unit = slug.length <= 100 ? await this.units.findOneBy({ slug }) : null;
    if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, 'Unit not found');
    return unit;
  }

  async update(staff: StaffPrincipal, unitId: string, patch: UpdateUnitDto): Promise<UnitEntity> {
    const unit = await this.get(staff, unitId);
    Object.assign(unit, patch);
    await this.units.manager.transaction(async (m) => {
      await m.save(unit);
      await this.audit.record(
        {
          unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'unit.updated',
          details: { fields: Object.keys(patch) },
        },
        m,
      );
    });
    this.contextChanges.changed(unitId);
    return unit;
  }
}
