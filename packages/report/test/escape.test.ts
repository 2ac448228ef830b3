import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdownCell } from '../src/escape.js';
import { tableHtml } from '../src/html.js';
import { HOSTILE_MODEL } from './fixtures.js';

describe('escapeHtml', () => {
  it('turns markup from input into text', () => {
    expect(escapeHtml(HOSTILE_MODEL)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(escapeHtml(`a & b 'c'`)).toBe('a &amp; b &#39;c&#39;');
    expect(escapeHtml(null)).toBe('');
  });

  it('escapes every model name in an HTML table', () => {
    const html = tableHtml({
      name: 't',
      title: '<b>title</b>',
      caption: 'c',
      source: 's',
      columns: [{ key: 'model', label: '<i>', format: 'text' }],
      rows: [{ model: HOSTILE_MODEL }],
    });
    expect(html, 'no raw tag survives').not.toMatch(/<script|<b>|<i>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)');
  });
});

describe('escapeMarkdownCell', () => {
  it('keeps a cell one cell on one line, with no raw HTML', () => {
    const cell = escapeMarkdownCell('a|b\nc <script> *d*');
    expect(cell).toBe('a\\|b c &lt;script&gt; \\*d\\*');
    expect(cell.split(/(?<!\\)\|/)).toHaveLength(1);
  });
});
