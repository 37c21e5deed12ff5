import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/staff-principal';
import { PageErrorFilter } from './page-error.filter';
import { PageFormGuard } from './page-forms';
import { AnswersWithPages, type PageRenderer } from './page-handlers';

/**
 * A controller of pages without a staff session (booking, confirm, /me, join, staff sign-in):
 * `@PublicPages('book', render)` instead of `@Controller`. Not an API route (the bearer guard steps
 * aside), errors are pages, every POST's form is checked by PageFormGuard against the visitor secret,
 * and a handler returns its page (or redirect), which `render` turns into the answer (page-handlers.ts).
 */
export function PublicPages(path: string, render: PageRenderer): ClassDecorator {
  return applyDecorators(
    AnswersWithPages(render),
    ApiExcludeController(),
    Public(),
    UseGuards(PageFormGuard),
    UseFilters(PageErrorFilter),
    Controller(path),
  );
}
