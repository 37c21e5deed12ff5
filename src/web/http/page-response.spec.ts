import { html } from '../ui/html';
import type { WebContext } from '../ui/web-context';
import { renderer } from './page-response';

const ctx = { locale: 'en', t: (k: string) => k, path: '/x', query: {}, csrf: () => 'token' } as unknown as WebContext;
const render = renderer({
  hello: (c: WebContext, v: { name: string }) => html`<p lang="${c.locale}">Hello ${v.name}</p>`,
  bye: (_c: WebContext, v: { when: string }) => html`<p>Bye ${v.when}</p>`,
});

describe('rendering a page service answer', () => {
  it('draws the named page from its view model, 200 unless the answer says otherwise', () => {
    expect(render({ ctx, page: 'hello', view: { name: '<Sara>' } })).toEqual({
      status: 200,
      body: html`<p lang="en">Hello ${'<Sara>'}</p>`,
    });
    expect(render({ ctx, page: 'bye', view: { when: 'now' }, status: 410 })).toMatchObject({
      status: 410,
      body: { value: '<p>Bye now</p>' },
    });
  });

  it('keeps the extra CSP sources and passes a redirect through', () => {
    expect(render({ ctx, page: 'bye', view: { when: 'now' }, csp: { media: ['blob:'] } })).toMatchObject({
      csp: { media: ['blob:'] },
    });
    expect(render({ redirect: '/me/abc?done=note' })).toEqual({ redirect: '/me/abc?done=note' });
  });
});
