import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PipeTransform,
  Res,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { type PageOutcome, send } from './page-response';
import { RequestContext, WebContextFactory } from './request-context';

/**
 * How a page handler answers, written once. A page controller (`@StaffPages`, `@PublicPages`) names its
 * wing's renderer, and each handler is one line: it takes `@PageContext() rc` and returns what its page
 * service answers. PageInterceptor renders that with the wing's table of pages and sends it (the
 * page's status, CSP and robots headers, or a 303 after a POST: page-response.ts).
 *
 * Nest would otherwise answer a handler's return value itself, with its default status (201 for a
 * POST) over the page's own. So each page route claims the response the way `@Res()` does, at an
 * index after its own parameters, which it never reads: Nest then leaves the answer to the
 * interceptor. A handler that truly needs the raw response (a download, cookies beyond the page)
 * takes `@Res()` itself, says why, and sends with `send(res, render(outcome))`.
 */

const PAGE_RENDERER = 'pages:renderer';
const PAGE_ROUTE = 'pages:route';

export type PageRenderer = (outcome: never) => PageOutcome;

/** Every route of the controller answers with a page of `render`'s table, except those that take `@Res()`. */
export function AnswersWithPages(render: PageRenderer): ClassDecorator {
  return (target) => {
    SetMetadata(PAGE_RENDERER, render)(target);
    UseInterceptors(PageInterceptor)(target);
    const proto = target.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const handler = proto[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target, key) ?? {}) as Record<string, unknown>;
      const sendsItself = Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.RESPONSE));
      if (sendsItself) continue;
      Res()(proto, key, handler.length);
      Reflect.defineMetadata(PAGE_ROUTE, true, handler);
    }
  };
}

/** Whether a route's answer is sent by PageInterceptor (the coverage spec and the interceptor ask). */
export function isPageRoute(handler: object): boolean {
  return Reflect.getMetadata(PAGE_ROUTE, handler) === true;
}

@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!isPageRoute(ctx.getHandler())) return next.handle();
    const render = this.reflector.get<(outcome: unknown) => PageOutcome>(PAGE_RENDERER, ctx.getClass());
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(map((outcome: unknown) => send(res, render(outcome))));
  }
}

/** The request as a page service sees it (request-context.ts), made once per request by WebContextFactory. */
@Injectable()
export class PageContextPipe implements PipeTransform<{ req: Request; res: Response }, RequestContext> {
  constructor(private readonly web: WebContextFactory) {}

  transform({ req, res }: { req: Request; res: Response }): RequestContext {
    return this.web.context(req, res);
  }
}

const RawExchange = createParamDecorator((_: unknown, ctx: ExecutionContext) => ({
  req: ctx.switchToHttp().getRequest<Request>(),
  res: ctx.switchToHttp().getResponse<Response>(),
}));

/** The handler's RequestContext: `@PageContext() rc: RequestContext`. */
export const PageContext = (): ParameterDecorator => RawExchange(undefined, PageContextPipe);
