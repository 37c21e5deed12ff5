import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { ClientRecords } from '../../../../clients/client-records.service';
import { ClientsService } from '../../../../clients/clients.service';
import { formField } from '../../../http/form';
import type { MessageOutcome } from '../../../http/message-pages';
import type { RequestContext } from '../../../http/request-context';
import { url } from '../../../ui/html';
import type { WebContext } from '../../../ui/web-context';
import { staffPaths } from '../../paths';
import { StaffPageContext, StaffShellService } from '../../ui/staff-shell.service';
import { clientIdOf, liveClientOf } from './client-lookup';
import type { ClientsOutcome } from './clients.page';

function adminOnlyPage(ctx: WebContext, siteName: string, back: string): MessageOutcome {
  return {
    ctx,
    page: 'message',
    status: 403,
    view: {
      title: ctx.t('clients.adminOnlyTitle'),
      body: ctx.t('clients.adminOnly'),
      siteName,
      link: { href: back, label: ctx.t('common.back') },
    },
  };
}

/**
 * /staff/clients/:id/export and /erase: all data held on a client, and its erasure (an admin's, through
 * ClientRecords, audited); anyone else gets the 403 page.
 */
@Injectable()
export class ClientRecordsPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly clients: ClientsService,
    private readonly records: ClientRecords,
  ) {}

  /** GET: all data held on the client, as the API's export (admin; audited as client.exported). */
  async export(
    rc: RequestContext,
    { staff, id }: { staff: StaffSessionPrincipal; id: string },
  ): Promise<{ json: Record<string, unknown> } | ClientsOutcome> {
    const clientId = clientIdOf(id);
    const client = await this.clients.inUnit(staff, clientId);
    if (staff.role !== 'admin') {
      const page = await this.shell.page(rc, staff);
      return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(clientId));
    }
    return { json: await this.records.export(client, { type: 'staff', id: staff.caseworkerId }) };
  }

  async erasePage(rc: RequestContext, { staff, id }: { staff: StaffSessionPrincipal; id: string }) {
    const page = await this.shell.page(rc, staff);
    const client = await liveClientOf(this.clients, staff, id);
    if (staff.role !== 'admin') return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(client.id));
    return this.eraseView(page, { id: client.id, name: client.name ?? '' }, '', null);
  }

  /** POST: erasure needs an admin and the typed word (or the client's name); a wrong text erases nothing. */
  async erase(
    rc: RequestContext,
    { staff, id, body }: { staff: StaffSessionPrincipal; id: string; body: unknown },
  ): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const client = await liveClientOf(this.clients, staff, id);
    if (staff.role !== 'admin') return adminOnlyPage(page.ctx, page.shell.unitName, staffPaths.client(client.id));
    const typed = formField(body, 'confirm').slice(0, 300);
    const word = page.ctx.t('clients.eraseWord');
    const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
    const ok = !!typed.trim() && (norm(typed) === norm(word) || norm(typed) === norm(client.name ?? '\u0000'));
    if (!ok) {
      const message = page.ctx.t('clients.eraseMismatch', { word });
      return { ...this.eraseView(page, { id: client.id, name: client.name ?? '' }, typed, message), status: 422 };
    }
    await this.records.erase(client, { type: 'staff', id: staff.caseworkerId });
    return { redirect: url(staffPaths.clients, { done: 'erased' }) };
  }

  private eraseView(
    page: StaffPageContext,
    client: { id: string; name: string },
    typed: string,
    error: string | null,
  ): ClientsOutcome {
    return {
      ctx: page.ctx,
      page: 'erase',
      view: {
        shell: page.shell,
        client,
        word: page.ctx.t('clients.eraseWord'),
        typed,
        errors: error ? [{ field: 'confirm', message: error }] : [],
      },
    };
  }
}
