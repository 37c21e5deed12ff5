export { renderMail } from './render-mail';
export { pickLocale } from './pick-locale';
export type { Locale, MailContext, MailKind, MeetingMode, RenderedMail } from './types';
