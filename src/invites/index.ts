export { buildInvite } from './build-invite';
export type { InviteInput } from './build-invite';
export { buildFeed } from './build-feed';
export type { FeedEvent, FeedInput } from './build-feed';
