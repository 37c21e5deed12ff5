import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../../auth/staff-sessions.service';
import { formField } from '../../../http/form';
import type { RequestContext } from '../../../http/request-context';
import { StaffShellService } from '../../ui/staff-shell.service';
import { BookPagesService } from '../book-pages.service';
import { CLIENT_NOTICES, ClientsOutcome } from './clients.page';

/** /staff/clients: the search (the booking pages' client search, BookPagesService.hits). */
@Injectable()
export class ClientSearchPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly book: BookPagesService,
  ) {}

  async searchPage(rc: RequestContext, { staff }: { staff: StaffSessionPrincipal }): Promise<ClientsOutcome> {
    const page = await this.shell.page(rc, staff);
    const done = rc.query.done as keyof typeof CLIENT_NOTICES | undefined;
    const notice = done && done in CLIENT_NOTICES ? page.ctx.t(CLIENT_NOTICES[done]) : null;
    return { ctx: page.ctx, page: 'search', view: { shell: page.shell, query: '', hits: null, notice } };
  }

  /** POST: the search text stays in the body, never in a URL. */
  async search(rc: RequestContext, { staff, body }: { staff: StaffSessionPrincipal; body: unknown }) {
    const page = await this.shell.page(rc, staff);
    const q = formField(body, 'q').slice(0, 200);
    const hits = await this.book.hits(staff, q, page);
    return { ctx: page.ctx, page: 'search' as const, view: { shell: page.shell, query: q, hits, notice: null } };
  }
}
