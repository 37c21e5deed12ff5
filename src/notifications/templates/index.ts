export { inviteMethod, renderMail, renderStaffSignInMail } from './render-mail';
export { sender } from './sender';
export type { Locale, MailContext, MailKind, MeetingMode, RenderedMail, StaffSignInMailContext } from './types';
