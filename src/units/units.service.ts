import { Injectable } from '@nestjs/common';
import { assertSameUnit, StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { DEFAULT_SMS_COUNTRIES, normalisePhone } from '../common/phone-number';
import { Transactions } from '../common/transactions';
import { CaseworkerRepository } from './caseworker.repository';
import { UnitContextChanges } from './unit-context-changes';
import { UnitEntity } from './unit.entity';
import { UnitRepository } from './unit.repository';
import { UpdateUnitDto, WhoamiResponse } from './units.dto';

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitRepository,
    private readonly caseworkers: CaseworkerRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly contextChanges: UnitContextChanges,
  ) {}

  async whoami(staff: StaffPrincipal): Promise<WhoamiResponse> {
    const [cw, unit] = await Promise.all([
      this.caseworkers.findOrFail(staff.caseworkerId),
      this.units.findOrFail(staff.unitId),
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
    const unit = await this.units.find(unitId);
    if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, 'Unit not found');
    return unit;
  }

  async bySlug(slug: string): Promise<UnitEntity> {
    const unit = slug.length <= 100 ? await this.units.findBySlug(slug) : null;
    if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, 'Unit not found');
    return unit;
  }

  async update(staff: StaffPrincipal, unitId: string, patch: UpdateUnitDto): Promise<UnitEntity> {
    const unit = await this.get(staff, unitId);
    Object.assign(
      unit,
      patch,
      'phone' in patch ? { phone: unitPhone(patch.phone, patch.smsCountries ?? unit.smsCountries) } : {},
    );
    await this.transactions.run(async (m) => {
      await this.units.save(m, unit);
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

/** The unit's own number as E.164 (any country; one without a prefix is read as the first smsCountry), or null. */
function unitPhone(typed: string | null | undefined, smsCountries: readonly string[]): string | null {
  if (!typed?.trim()) return null;
  const e164 = normalisePhone(typed, smsCountries[0] ?? DEFAULT_SMS_COUNTRIES[0]);
  if (!e164) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'phone must be a valid phone number');
  return e164;
}
