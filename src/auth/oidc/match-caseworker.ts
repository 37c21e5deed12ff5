import type { OidcIdentity } from './oidc-client';

/** A caseworker as the matching sees it (any unit). */
export interface CaseworkerCandidate {
  id: string;
  unitId: string;
  active: boolean;
  oidcSubject: string | null;
}

export type RefusalReason =
  'not_found' | 'email_not_verified' | 'inactive' | 'ambiguous_email' | 'identity_mismatch' | 'identity_taken';

export type MatchResult =
  | { matched: true; caseworker: CaseworkerCandidate; link: boolean }
  /** `caseworker`: the one person the refusal is about (audited in their unit); absent: nobody known (logged). */
  | { matched: false; reason: RefusalReason; caseworker?: CaseworkerCandidate };

/**
 * Who an OpenID Connect identity is in Samtal (docs/product-rules.md, rule 12: matched, never created).
 * 1. The (iss, sub) stored at an earlier sign-in decides, whatever the email says now.
 * 2. Otherwise the `email` claim, only when the provider says it is verified, case-insensitively,
 *    to the one ACTIVE caseworker with that email and no identity yet, which then gets (iss, sub)
 *    (`link`). The same email in several units with no single such caseworker is refused: a sign-in
 *    must never pick a unit at random.
 * `byEmail` are the caseworkers whose email equals the claim, case-insensitively, in any unit.
 */
export function matchCaseworker(
  identity: OidcIdentity,
  byIdentity: CaseworkerCandidate | null,
  byEmail: CaseworkerCandidate[],
): MatchResult {
  if (byIdentity)
    return byIdentity.active
      ? { matched: true, caseworker: byIdentity, link: false }
      : { matched: false, reason: 'inactive', caseworker: byIdentity };
  if (!identity.email || !identity.emailVerified) return { matched: false, reason: 'email_not_verified' };
  const eligible = byEmail.filter((c) => c.active && c.oidcSubject === null);
  if (eligible.length === 1) return { matched: true, caseworker: eligible[0], link: true };
  if (eligible.length > 1) return { matched: false, reason: 'ambiguous_email' };
  if (byEmail.length === 0) return { matched: false, reason: 'not_found' };
  if (byEmail.length > 1) return { matched: false, reason: 'ambiguous_email' };
  const [only] = byEmail;
  // Linked to another identity of the provider (or of an earlier provider): an admin must clear it.
  return { matched: false, reason: only.active ? 'identity_mismatch' : 'inactive', caseworker: only };
}
