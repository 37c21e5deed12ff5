import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../auth/staff-principal';
import { PageErrorFilter } from './page-error.filter';
import { PageFormGuard } from './page-forms';

/**
 * A controller of pages without a staff session (booking, confirm, /me, join, staff sign-in):
 * `@PublicPages('book')` instead of `@Controller`. Not an API route (the bearer guard steps aside),
 * errors are pages, and every POST's form is checked by PageFormGuard against the visitor secret.
 */
export function PublicPages(path: string): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    Public(),
    UseGuards(PageFormGuard),
    UseFilters(PageErrorFilter),
    Controller(path),
  );
}
