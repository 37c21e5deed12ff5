import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { WebModule } from '../../src/web/web.module';

/**
 * Every controller of the pages (the inventory the page specs check route by route), read from the
 * modules' metadata as Nest's router reads it.
 */
function controllersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const found: Type[] = [];
  const visit = (m: unknown) => {
    const mod = (m && typeof m === 'object' && 'module' in m ? (m as { module: Type }).module : m) as Type;
    if (!mod || seen.has(mod)) return;
    seen.add(mod);
    found.push(...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, mod) as Type[] | undefined) ?? []));
    for (const i of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, mod) as unknown[] | undefined) ?? []) visit(i);
  };
  visit(root);
  return found;
}

export interface PageRoute {
  route: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

const METHODS: Partial<Record<RequestMethod, string>> = { [RequestMethod.GET]: 'GET', [RequestMethod.POST]: 'POST' };

export function pageRoutes(): PageRoute[] {
  const routes: PageRoute[] = [];
  for (const controller of controllersOf(WebModule)) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
      const verb = METHODS[method] ?? String(method);
      const route = `${verb} /${[base, path].filter((p) => p && p !== '/').join('/')}`.replace('//', '/');
      // The wings' modules import the API's modules, and with them its controllers (with the video webhook
      // and the calendar feeds).
      if (/^\w+ \/(api|webhooks|feeds)\//.test(route)) continue;
      routes.push({ route, controller, handler: handler as PageRoute['handler'] });
    }
  }
  return routes;
}
