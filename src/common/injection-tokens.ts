/** Nest injection tokens for values (not classes). */
export const CONFIG = Symbol('CONFIG');
/** The service's public base URL (no trailing slash), used to build links. */
export const PUBLIC_URL = Symbol('PUBLIC_URL');
