/** The comment text parser (src/shared/richtext.ts): what becomes a link, what stays text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRichText, richTextContent, type RichNode, type RichParagraph } from '../../src/shared/richtext.js';

function links(paragraphs: RichParagraph[]): string[] {
  const found: string[] = [];
  const walk = (n: RichNode) => {
    if (typeof n === 'string' || n.type === 'br') return;
    if (n.type === 'link') found.push(n.href);
    else n.children.forEach(walk);
  };
  paragraphs.forEach((p) => p.forEach(walk));
  return found;
}

test('paragraphs on blank lines, line breaks kept', () => {
  assert.deepEqual(parseRichText('one\ntwo\n\n \n\nthree\r\nfour'), [
    ['one', { type: 'br' }, 'two'],
    ['three', { type: 'br' }, 'four'],
  ]);
  assert.deepEqual(parseRichText(''), []);
  assert.deepEqual(parseRichText('\n\n  \n'), []);
});

test('bold, italic and code, with text around them', () => {
  assert.deepEqual(parseRichText('a **b** *c* `d *e*` f'), [
    ['a ', { type: 'strong', children: ['b'] }, ' ', { type: 'em', children: ['c'] }, ' ', { type: 'code', children: ['d *e*'] }, ' f'],
  ]);
  assert.deepEqual(parseRichText('**bold *it* here**'), [
    [{ type: 'strong', children: ['bold ', { type: 'em', children: ['it'] }, ' here'] }],
  ]);
});

test('unclosed and empty markers stay as typed', () => {
  for (const s of ['**a', '*a', '`a', '** **', '``', '2 * 3 = 6', 'a ** b', '****']) {
    assert.equal(richTextContent(parseRichText(s)), s, s);
  }
});

test('stars that do not hug a word stay as typed: ratings and sums are not italics', () => {
  for (const s of ['I rate it 5* and would go again. Service 5*', '2 * 3 = 6 and 4 * 5 = 20', 'a ** b ** c', '5 stars * * * * *']) {
    assert.deepEqual(parseRichText(s), [[s]], s);
  }
  assert.deepEqual(parseRichText('5* but *really* good'), [['5* but ', { type: 'em', children: ['really'] }, ' good']]);
  assert.deepEqual(parseRichText('`a * b *`'), [[{ type: 'code', children: ['a * b *'] }]], 'code keeps its spaces');
});

test('only http(s) URLs become links, trailing punctuation left out', () => {
  const text = 'See https://example.com/a?b=1&c=2. And (http://x.org/wiki/Foo_(bar)), HTTPS://UP.example!';
  assert.deepEqual(links(parseRichText(text)), ['https://example.com/a?b=1&c=2', 'http://x.org/wiki/Foo_(bar)', 'HTTPS://UP.example']);
  assert.equal(richTextContent(parseRichText(text)), text);
  assert.deepEqual(links(parseRichText('https:// http:/x xhttps://y.z ftp://a.b mailto:a@b.c')), []);
});

test('dangerous schemes never become links, in any spelling', () => {
  const payloads = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\u0000script:alert(1)',
    '&#106;avascript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    '[x](javascript:alert(1))',
    '![](x"onerror=alert(1))',
    '<a href="javascript:alert(1)">x</a>',
  ];
  for (const p of payloads) {
    assert.deepEqual(links(parseRichText(p)), [], p);
    assert.equal(richTextContent(parseRichText(p)), p.replace(/\n/g, '\n'), p);
  }
  // A http URL after a dangerous one links only the http part.
  assert.deepEqual(links(parseRichText('javascript:alert(1)//https://ok.example')), ['https://ok.example']);
  // A link stops at a quote or angle bracket: no attribute breakout survives into href.
  assert.deepEqual(links(parseRichText('https://a.example/"onmouseover="alert(1)')), ['https://a.example/']);
});

test('adversarial 5,000-character inputs parse in linear work', () => {
  const inputs = [
    '*a'.repeat(2500),
    '**a'.repeat(1667),
    '`a'.repeat(2500),
    '*'.repeat(5000),
    '`'.repeat(5000),
    'https://a' + ')'.repeat(4991),
    'https://a' + '.'.repeat(4991),
    ('https://' + 'h').repeat(555),
    '**`*'.repeat(1250),
    ' *'.repeat(2500),
    '\n \n'.repeat(1667),
  ];
  // Counting, not timing: String.prototype.indexOf and slice calls stand for the work done.
  const original = { indexOf: String.prototype.indexOf, slice: String.prototype.slice };
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const found = original.indexOf.call(this, search, from);
    scanned += (found < 0 ? this.length : found) - (from ?? 0);
    return found;
  };
  String.prototype.slice = function (this: string, start?: number, end?: number) {
    const out = original.slice.call(this, start, end);
    scanned += out.length;
    return out;
  };
  try {
    for (const input of inputs) {
      scanned = 0;
      const tree = parseRichText(input);
      assert.ok(scanned <= 8 * input.length, `${JSON.stringify(input.slice(0, 12))}…: ${scanned} characters scanned for ${input.length}`);
      assert.ok(Array.isArray(tree));
    }
  } finally {
    String.prototype.indexOf = original.indexOf;
    String.prototype.slice = original.slice;
  }
});
