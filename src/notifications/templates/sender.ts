/**
 * The From header: always the unit's neutral publicName (rule 8), never "Samtal" or a person, so a
 * mail in a shared inbox says no more than its subject. Whatever could end the quoted name or start
 * another header is dropped from it.
 */
export function sender(publicName: string, address: string): string {
  const name = publicName
    // eslint-disable-next-line no-control-regex -- matching control characters is the point: they become a space
    .replace(/[\u0000-\u001f\u007f"\\]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return `"${name}" <${address}>`;
}
