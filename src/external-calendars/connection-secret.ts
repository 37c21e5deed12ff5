import { SecretBox } from '../common/secret-box';

/** What a connection needs to read its source; sealed at rest, never returned, never logged. */
export interface ConnectionSecret {
  url: string;
  username?: string;
  password?: string;
}

/** Seals and opens connection secrets with a key derived from TOKEN_SECRET for this purpose only. */
export class ConnectionSecrets {
  private readonly box: SecretBox;

  constructor(tokenSecret: string) {
    this.box = new SecretBox(tokenSecret, 'external calendar credentials');
  }

  seal(s: ConnectionSecret): string {
    return this.box.seal(JSON.stringify(s));
  }

  /** Throws when the secret cannot be opened (TOKEN_SECRET changed): the connection must be made again. */
  open(sealed: string): ConnectionSecret {
    const text = this.box.open(sealed);
    if (text === null) throw new Error('The stored calendar credentials cannot be opened (TOKEN_SECRET changed?).');
    return JSON.parse(text) as ConnectionSecret;
  }
}

/**
 * What may be shown of a source's address: scheme and host only. An ICS link's path is its secret
 * (and Google's names the account), so the whole path, query and any credentials are left out.
 */
export function maskUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
}
