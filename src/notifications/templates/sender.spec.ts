import { sender } from './sender';

describe('sender', () => {
  it('names the unit by its publicName, quoted, with the given address', () => {
    expect(sender('Appointment — City of Helsingborg', 'bokning@helsingborg.example')).toBe(
      '"Appointment — City of Helsingborg" <bokning@helsingborg.example>',
    );
  });

  it('keeps quotes, backslashes and line breaks in the name from ending it or starting a header', () => {
    expect(sender('City "X"\\\r\nBcc: x@example.com', 'a@b.example')).toBe('"City X Bcc: x@example.com" <a@b.example>');
  });
});
