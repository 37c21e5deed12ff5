/** The addresses of the client pages, so a page can link to another without importing it. */
export const bookPath = (slug: string) => `/book/${encodeURIComponent(slug)}`;
export const confirmPath = (token: string) => `/confirm/${token}`;
export const mePath = (token: string) => `/me/${token}`;
export const joinPath = (token: string) => `/join/${token}`;
