import { staffPaths } from '../../paths';

/** The actions on one client's page. */
export const clientPaths = {
  personalLink: (id: string) => `${staffPaths.client(id)}/personal-link`,
  export: (id: string) => `${staffPaths.client(id)}/export`,
  erase: (id: string) => `${staffPaths.client(id)}/erase`,
} as const;
