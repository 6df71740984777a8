/**
 * The message catalogue on the server: every language complete, docs/messages.md up to date, the
 * owner's replacements checked at start and used, the API's errors answered in the request's
 * language, and the visitor's emails and calendar file in the language the booking was made in.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/server/config.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { acceptedLanguage, CATALOGUES, translator } from '../../src/server/i18n.js';
import { messagesDoc } from '../../src/server/messages-doc.js';
import { composeEmail } from '../../src/server/notify/email.js';
import { en } from '../../src/shared/i18n/en.js';
import { placeholders } from '../../src/shared/i18n/format.js';
import { LANGUAGES } from '../../src/shared/i18n/languages.js';
import { errorOf } from '../support/json.js';
import { forEachStore } from '../support/stores.js';

describe('the catalogue', () => {
  it('has every key in every language, with the English placeholders and the language’s plural forms', () => {
    for (const language of LANGUAGES) {
      const catalogue = CATALOGUES[language];
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(en).sort(), language);
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
      for (const [key, entry] of Object.entries(catalogue)) {
        assert.deepEqual([...placeholders(entry)].sort(), [...placeholders(en[key as keyof typeof en])].sort(), `${language} ${key}`);
        if (typeof entry === 'object')
          for (const form of Object.keys(entry)) assert.ok(forms.includes(form), `${language} ${key}: ${form}`);
      }
    }
  });

  it('keeps French punctuation with its no-break space, so that ": ; ? !" never starts a line alone', () => {
    const texts = Object.entries(CATALOGUES.fr).flatMap(([key, entry]) =>
      (typeof entry === 'string' ? [entry] : Object.values(entry)).map((text) => [key, text] as const),
    );
    for (const [key, text] of texts) {
      assert.doesNotMatch(text, / [:;?!»]|« /, `fr ${key}: "${text}"`);
      assert.doesNotMatch(text, /[^\s\u00a0\u202f{][;?!](?!\S)|[^\s\u00a0\u202f/\d][:](?!\/)(?=\s)/u, `fr ${key}: "${text}"`);
    }
  });

  it('is listed in docs/messages.md as the catalogue writes it (npm run messages)', () => {
    assert.equal(readFileSync('docs/messages.md', 'utf8'), messagesDoc(), 'docs/messages.md is stale: run npm run messages');
  });

  it('picks the request’s language: its first one we speak, by quality; a regional tag speaks its language', () => {
    assert.equal(acceptedLanguage('fr-CH, fr;q=0.9, en;q=0.8'), 'fr-CH');
    assert.equal(acceptedLanguage('xx, de;q=0.5, es;q=0.9'), 'es');
    assert.equal(acceptedLanguage(undefined), 'en');
    assert.equal(acceptedLanguage('zh-CN'), 'en');
    assert.equal(translator('es-MX').t('booking.book'), 'Reservar');
    assert.equal(translator('pt-BR').language, 'pt');
    assert.equal(translator('zz').t('booking.book'), 'Book');
    assert.equal(translator('ar').dir, 'rtl');
  });

  it('checks the owner’s replacements at start, naming the key', () => {
    const load = (messages: unknown) => parseConfig({ ...DEMO_CONFIG, messages });
    const problem = (messages: unknown) => {
      try {
        load(messages);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
      assert.fail('accepted');
    };
    assert.match(problem({ es: { 'booking.nothing': 'x' } }), /messages\.es\.booking\.nothing: is not a message key/);
    assert.match(
      problem({ es: { 'comments.replyTo': 'Responder a {nombre}' } }),
      /messages\.es\.comments\.replyTo: has unknown placeholders \{nombre\}: use \{name\}/,
    );
    assert.match(problem({ xx: { 'booking.book': 'x' } }), /messages\.xx: is not a language Frontdesk speaks/);
    assert.match(
      problem({ en: { 'comments.count': { one: '{count} note', lots: '{count} notes', other: '{count} notes' } } }),
      /messages\.en\.comments\.count: has plural forms en does not use: lots/,
    );
    assert.match(problem({ en: { 'booking.book': { one: 'a', other: 'b' } } }), /messages\.en\.booking\.book: must be text/);
    const ok = load({ es: { 'booking.book': 'Pedir cita' }, ar: { 'comments.count': { zero: 'لا شيء', one: 'واحد', other: '{count}' } } });
    assert.equal(translator('es', ok.messages as never).t('booking.book'), 'Pedir cita');
  });
});

forEachStore(
  'errors in the visitor’s language, with the owner’s replacements',
  (t) => {
    it('answers a widget’s mistakes in its Accept-Language, field by field', async () => {
      const res = await t().request(
        'POST',
        '/api/v1/bookings',
        { service: 'cupping', start: 'soon', name: '', email: 'x@' },
        { 'Accept-Language': 'es-MX' },
      );
      assert.equal(res.status, 400);
      const error = await errorOf(res);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.message, 'Revise los campos marcados.');
      assert.deepEqual(error.fields, {
        start: 'Elija una hora.',
        name: 'Escriba su nombre.',
        email: 'Escriba un correo electrónico válido.',
      });
      const english = await errorOf(
        await t().request('POST', '/api/v1/bookings', { service: 'cupping', start: 'soon', name: '', email: 'x@' }),
      );
      assert.equal(english.fields!.email, 'Enter a valid email address.');
    });

    it('answers the refusals of a request itself in its language too: an address, a control character, a cursor, a comment', async () => {
      const address = await t().request('GET', '/api/v1/comments?thread=%00', undefined, { 'Accept-Language': 'ar' });
      assert.equal(address.status, 400);
      assert.equal((await errorOf(address)).message, 'يحتوي العنوان على حرف غير مسموح به أو على ترميز % غير صالح.');

      const control = await t().request(
        'POST',
        '/api/v1/comments',
        { thread: '/i18n', parentId: '1\u0001', author: 'Ana', text: 'Hola' },
        { 'Accept-Language': 'es' },
      );
      assert.equal(control.status, 400);
      assert.deepEqual((await errorOf(control)).fields, { parentId: 'Quite los caracteres de control de este campo.' });

      const cursor = await errorOf(
        await t().request('GET', '/api/v1/comments?thread=/i18n&cursor=forged', undefined, { 'Accept-Language': 'fr' }),
      );
      assert.equal(cursor.code, 'bad_request');
      assert.equal(cursor.message, 'Ce curseur n’a pas été fourni par ce serveur.');
      assert.deepEqual(cursor.fields, { cursor: 'Utilisez le curseur de la page précédente.' });

      const missing = await t().request('GET', '/api/v1/comments/999999/replies', undefined, { 'Accept-Language': 'de' });
      assert.equal(missing.status, 404);
      assert.equal((await errorOf(missing)).message, 'Dieser Kommentar wurde nicht gefunden.');

      // A reply to a comment still awaiting approval (not on the page).
      const waiting = (await (
        await t().request('POST', '/api/v1/comments', { thread: '/i18n', author: 'Ana', text: 'Primeiro' })
      ).json()) as { id: string };
      const hidden = await errorOf(
        await t().request(
          'POST',
          '/api/v1/comments',
          { thread: '/i18n', parentId: waiting.id, author: 'Bia', text: 'Resposta' },
          { 'Accept-Language': 'pt-BR' },
        ),
      );
      assert.deepEqual(hidden.fields, { parentId: 'Não é possível responder a esse comentário, porque ele não está nesta página.' });
      // And in English, as issue 14 wrote them.
      assert.equal((await errorOf(await t().request('GET', '/api/v1/comments/999999/replies'))).message, 'That comment was not found.');
    });

    it('uses the owner’s replacement of a message', async () => {
      const error = await errorOf(
        await t().request('POST', '/api/v1/messages', { name: 'A', email: 'a@example.com', message: '' }, { 'Accept-Language': 'de' }),
      );
      assert.equal(error.fields!.message, 'Was können wir für Sie tun?');
      assert.equal(error.message, 'Bitte korrigieren Sie die markierten Felder.');
    });
  },
  { config: { messages: { de: { 'validation.messageMissing': 'Was können wir für Sie tun?' } } } },
);

describe('the visitor’s emails and calendar file', () => {
  const business = { ...DEMO_CONFIG.business, phone: '+1 555 0100' } as Parameters<typeof composeEmail>[2]['business'];
  const booking = (locale?: string) => ({
    id: 7,
    type: 'booking.created' as const,
    createdAt: Date.now(),
    data: {
      id: 'b1',
      token: 'tok',
      service: 'cupping',
      serviceName: 'Cupping session',
      start: '2027-03-02T10:00:00-05:00',
      end: '2027-03-02T10:30:00-05:00',
      name: 'Lucía',
      email: 'lucia@example.com',
      ...(locale ? { locale } : {}),
    },
  });

  it('speak the language the booking was made in: subject, text, dates, links and the .ics', () => {
    const mail = composeEmail(booking('es'), 'visitor', { business, origin: 'https://book.example.com' });
    assert.match(mail.subject, /^Cita confirmada: Cupping session, 2 mar/);
    assert.match(mail.text, /Hola, Lucía\. Su cita con Kiya Hunter Acupuncture está confirmada\./);
    assert.match(mail.text, /Cuándo: martes, 2 de marzo de 2027/);
    assert.match(mail.text, /Ver o cancelar su cita: https:\/\/book\.example\.com\/booking\/b1\?token=tok/);
    assert.match(mail.html, /<html lang="es" dir="ltr">/);
    const ics = mail.attachments![0]!.content;
    assert.match(ics, /SUMMARY:Cupping session – Kiya Hunter Acupuncture/);
    assert.match(
      ics.replace(/\r\n /g, ''),
      /DESCRIPTION:Cupping session con Kiya Hunter Acupuncture\.\\nTeléfono: \+1 555 0100\\nVer o cancelar su cita: /,
    );
    const reminder = composeEmail(booking('ar'), 'reminder', { business, origin: 'https://book.example.com' });
    assert.match(reminder.subject, /^تذكير: Cupping session، /);
    assert.match(reminder.html, /<html lang="ar" dir="rtl">/);
  });

  it('stay in English for a booking made before languages (none recorded), and for the owner', () => {
    assert.match(
      composeEmail(booking(), 'visitor', { business, origin: 'https://book.example.com' }).subject,
      /^Booking confirmed: Cupping session, Mar 2/,
    );
    assert.match(composeEmail(booking('es'), 'owner', { business, origin: 'https://book.example.com' }).subject, /^New booking: Lucía/);
  });

  it('use the owner’s replacements', () => {
    const mail = composeEmail(booking('es'), 'visitor', {
      business,
      origin: 'https://x.example',
      messages: { es: { 'email.attached': 'Le adjuntamos la cita para su calendario.' } },
    });
    assert.match(mail.text, /Le adjuntamos la cita para su calendario\./);
  });
});
