// The one HTML escaping, the pages' too (web/ui/html.ts): every value put into a mail's HTML goes through it.
import { escapeHtml } from '../../common/html';

/** A mail as a few plain blocks, written once and rendered both as text and as HTML. */
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'details'; rows: Array<[label: string, value: string]> }
  | { type: 'button'; label: string; url: string }
  | { type: 'link'; label: string; url: string }
  | { type: 'signature'; lines: string[] };

export function renderText(blocks: readonly Block[]): string {
  return (
    blocks
      .map((block) => {
        switch (block.type) {
          case 'paragraph':
            return block.text;
          case 'details':
            return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
          case 'button':
          case 'link':
            return `${block.label}:\n${block.url}`;
          case 'signature':
            return block.lines.join('\n');
        }
      })
      .join('\n\n') + '\n'
  );
}

const TEXT = 'color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;';
const PARAGRAPH = 'margin:0 0 16px;';
// #0b57a4 on white and white on #0b57a4 both have a contrast ratio of about 7:1 (WCAG AAA).
const BUTTON =
  'display:inline-block;padding:12px 20px;background-color:#0b57a4;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:4px;';
const LINK = 'color:#0b57a4;text-decoration:underline;';

/**
 * One column, inline styles (many mail clients drop <style>), real links with words that say where
 * they go, and every interpolated value escaped.
 */
export function renderHtml(blocks: readonly Block[], lang: string, title: string): string {
  const body = blocks
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
          return `<p style="${PARAGRAPH}">${escapeHtml(block.text)}</p>`;
        case 'details':
          return `<p style="${PARAGRAPH}">${block.rows
            .map(([label, value]) => `<strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}`)
            .join('<br>')}</p>`;
        case 'button':
          return `<p style="margin:0 0 24px;"><a href="${escapeHtml(block.url)}" style="${BUTTON}">${escapeHtml(block.label)}</a></p>`;
        case 'link':
          return `<p style="${PARAGRAPH}"><a href="${escapeHtml(block.url)}" style="${LINK}">${escapeHtml(block.label)}</a></p>`;
        case 'signature':
          return `<p style="margin:24px 0 0;">${block.lines.map(escapeHtml).join('<br>')}</p>`;
      }
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f3f3f3;">',
    `<div role="article" aria-label="${escapeHtml(title)}" lang="${escapeHtml(lang)}" style="max-width:560px;margin:0 auto;padding:24px 16px;background-color:#ffffff;${TEXT}">`,
    body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
