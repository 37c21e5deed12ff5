import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { CaseworkerCandidate } from './oidc/match-caseworker';

/** The caseworker a link or an email names, as sign-in needs it. */
export interface SignInStaff {
  id: string;
  unitId: string;
  active: boolean;
  locale: string | null;
  unitDefaultLocale: string | null;
}

/**
 * What sign-in reads of `caseworkers` (with their unit's language), and the one thing it writes there:
 * the OpenID Connect link (oidc_issuer, oidc_subject). The rest of that table is CaseworkerRepository's
 * (units/); auth/ keeps its own few statements because units/ imports auth/, never the other way.
 */
@Injectable()
export class SignInStaffRepository {
  constructor(private readonly db: DataSource) {}

  /** Every caseworker with this email (stored lower-cased; matched the same way), oldest first. */
  async byEmail(email: string, m?: EntityManager): Promise<SignInStaff[]> {
    const rows = await (m ?? this.db.manager).query<StaffRow[]>(
      `${STAFF_SELECT} WHERE lower(c.email) = $1 ORDER BY c.created_at`,
      [email.trim().toLowerCase()],
    );
    return rows.map(toStaff);
  }

  async byId(id: string, m?: EntityManager): Promise<SignInStaff | null> {
    const [row] = await (m ?? this.db.manager).query<StaffRow[]>(`${STAFF_SELECT} WHERE c.id = $1`, [id]);
    return row ? toStaff(row) : null;
  }

  /** The caseworker already linked to this provider identity, if any. */
  async oidcLinked(m: EntityManager, iss: string, sub: string): Promise<CaseworkerCandidate | null> {
    const rows = await m.query<CandidateRow[]>(
      `SELECT id, unit_id, active, oidc_subject FROM caseworkers WHERE oidc_issuer = $1 AND oidc_subject = $2`,
      [iss, sub],
    );
    return rows[0] ? toCandidate(rows[0]) : null;
  }

  /** Caseworkers whose email is this one (case-insensitive), at most 20. */
  async oidcByEmail(m: EntityManager, email: string): Promise<CaseworkerCandidate[]> {
    const rows = await m.query<CandidateRow[]>(
      `SELECT id, unit_id, active, oidc_subject FROM caseworkers WHERE lower(email) = lower($1) ORDER BY id LIMIT 20`,
      [email.trim()],
    );
    return rows.map(toCandidate);
  }

  /**
   * Links the caseworker to the provider identity, only while still active and unlinked (the UPDATE
   * locks the row); false when it was not. Another caseworker holding (iss, sub) fails with 23505.
   */
  async linkOidc(m: EntityManager, caseworkerId: string, iss: string, sub: string): Promise<boolean> {
    const linked: unknown = await m.query<unknown>(
      `UPDATE caseworkers SET oidc_issuer = $2, oidc_subject = $3
        WHERE id = $1 AND active AND oidc_subject IS NULL RETURNING id`,
      [caseworkerId, iss, sub],
    );
    return rowsOf(linked).length > 0;
  }

  /** The failure of linkOidc when another caseworker holds the identity already (a unique violation). */
  static isIdentityTaken(err: unknown): boolean {
    return err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';
  }
}

interface StaffRow {
  id: string;
  unit_id: string;
  active: boolean;
  locale: string | null;
  default_locale: string | null;
}

const STAFF_SELECT = `SELECT c.id, c.unit_id, c.active, c.locale, u.default_locale
  FROM caseworkers c JOIN units u ON u.id = c.unit_id`;

function toStaff(r: StaffRow): SignInStaff {
  return { id: r.id, unitId: r.unit_id, active: r.active, locale: r.locale, unitDefaultLocale: r.default_locale };
}

interface CandidateRow {
  id: string;
  unit_id: string;
  active: boolean;
  oidc_subject: string | null;
}

const toCandidate = (r: CandidateRow): CaseworkerCandidate => ({
  id: r.id,
  unitId: r.unit_id,
  active: r.active,
  oidcSubject: r.oidc_subject,
});

/** `m.query` answers rows for SELECT, and [rows, count] for UPDATE … RETURNING on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}
