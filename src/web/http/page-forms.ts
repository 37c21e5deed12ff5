import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { messagePage } from '../ui/message.page';
import type { PageOutcome } from './page-response';
import { RequestContext, WebContextFactory } from './request-context';

/**
 * CSRF on the page forms, checked in this one place. PageFormGuard sits on every page controller
 * (`@StaffPages`, `@PublicPages`) and refuses any POST whose `_csrf` field is not the token made for
 * this path with the request's form key (csrf.ts, request-context.ts):
 * - a signed-in staff page: the session's own CSRF token (the session guard runs first and binds the
 *   request to its session; sign-out looks its session up first), so a token from one session fails
 *   in another and dies with it;
 * - every other page (booking, confirm, /me, staff sign-in): the visitor secret, the random `csrf`
 *   cookie keyed with the server's TOKEN_SECRET.
 * A refused form never reaches its handler. The answer is the controller's `refusedForm` (the 403
 * "form has expired" page with the way back), made after the same look-ups as the page itself, so an
 * unknown link is still the one 404 page and a caseworker on an admin route still the 403 page.
 * A route that must not be checked says why with `@FormCsrfExempt(...)`; page-forms.spec.ts lists
 * every page POST of the app and fails on one that is neither checked nor exempt with a reason.
 */

const EXEMPT = 'page-forms:exempt';

export interface FormCsrfExemption {
  /** Why this route's form is not checked. */
  why: string;
  /** Exempt only while the request has no live staff session: signed in, the token is checked. */
  onlyWithoutSession?: boolean;
}

/** A page POST that is not checked (or only checked with a live session), and why. */
export function FormCsrfExempt(exemption: FormCsrfExemption): MethodDecorator {
  return SetMetadata(EXEMPT, exemption);
}

export function formCsrfExemption(reflector: Reflector, handler: object): FormCsrfExemption | undefined {
  return reflector.get<FormCsrfExemption | undefined>(EXEMPT, handler as () => unknown);
}

/** A page controller's answer to a form PageFormGuard refused. */
export interface AnswersRefusedForms {
  /** `handler` is the route's method name, for controllers whose forms lead back to different pages. */
  refusedForm(rc: RequestContext, req: Request, handler: string): Promise<PageOutcome>;
}

/** Thrown by PageFormGuard; the page error filter sends `answer()` (or the page for the error it throws). */
export class FormRefused extends Error {
  constructor(readonly answer: () => Promise<PageOutcome>) {
    super('Page form refused: no valid CSRF token');
    this.name = 'FormRefused';
  }
}

@Injectable()
export class PageFormGuard implements CanActivate {
  constructor(
    private readonly web: WebContextFactory,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (req.method !== 'POST') return true;
    const exempt = formCsrfExemption(this.reflector, ctx.getHandler());
    if (exempt && !(exempt.onlyWithoutSession && this.web.boundToSession(req))) return true;
    const rc = this.web.context(req, ctx.switchToHttp().getResponse<Response>());
    if (rc.formVerified) return true;
    const controller = this.moduleRef.get<Partial<AnswersRefusedForms>>(ctx.getClass(), { strict: false });
    const handler = ctx.getHandler().name;
    throw new FormRefused(async () =>
      controller.refusedForm ? controller.refusedForm(rc, req, handler) : plainRefusal(rc),
    );
  }
}

/** For a controller without its own answer: the form-expired page, without a way back. */
function plainRefusal(rc: RequestContext): PageOutcome {
  const ctx = rc.page();
  return { status: 403, body: messagePage(ctx, { title: ctx.t('page.csrfTitle'), body: ctx.t('page.csrfBody') }) };
}
