import { isUUID } from 'class-validator';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import type { ClientsService } from '../../../../clients/clients.service';
import { DomainError, ErrorCode } from '../../../../common/errors';

/**
 * How the clients pages find the client an address names: a malformed id is the 404 page, as an
 * unknown one is (ClientsService.inUnit answers only the session's unit).
 */
export function clientIdOf(id: string): string {
  if (!isUUID(id)) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
  return id;
}

/** The client, unless erased: an erased client has nothing left to show (the row stays, nameless, for statistics). */
export async function liveClientOf(clients: ClientsService, staff: StaffSessionPrincipal, id: string) {
  const client = await clients.inUnit(staff, clientIdOf(id));
  if (client.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
  return client;
}
