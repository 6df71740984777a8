/**
 * Every element in Spanish and in Arabic (right to left), the language each one picks (its
 * `locale`, the nearest `lang`, the browser's; es-MX speaks Spanish, an unknown one English), the
 * Arabic plural forms, and the server answering a widget's errors in its language.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/widgets/booking/define.js';
import '../../../src/widgets/comments/define.js';
import '../../../src/widgets/testimonial/define.js';
import '../../../src/widgets/testimonials/define.js';
import { widgets as ar } from '../../../src/shared/i18n/ar.js';
import { formatMessage } from '../../../src/shared/i18n/format.js';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { asOwner, consoleNoise, startTestServer, stopTestServer, until, type TestServer } from '../../support/browser.js';
import { $, alertText, button, heading, humanPause, input, OPEN, options, step, toDetailsBy, type } from '../booking/support-dom.js';

type Element = HTMLElement & { updateComplete: Promise<unknown> };
const root = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part=root], [part=card], .root')!;

let server: TestServer;
before(async () => {
  server = await startTestServer(OPEN);
});
after(() => stopTestServer(server));
beforeEach(() => sessionStorage.clear());
const noise = consoleNoise();
afterEach(() => {
  expect(noise(), 'console noise').to.deep.equal([]);
});

async function mount(markup: string): Promise<Element> {
  const box = await fixture<HTMLDivElement>(html`<div></div>`);
  box.innerHTML = markup;
  const el = box.querySelector<Element>('[data-test]') ?? (box.firstElementChild as Element);
  await el.updateComplete;
  return el;
}

describe('languages', () => {
  it('picks the element’s locale, else the nearest lang, else the browser’s; es-MX speaks Spanish, an unknown language English', async () => {
    const card = (attrs: string, wrap = '') =>
      mount(`${wrap}<frontdesk-testimonial data-test author="A" rating="4.5" date="2021-08-02" ${attrs}>x</frontdesk-testimonial>`);
    const label = (el: Element) => el.shadowRoot!.querySelector('[part=rating]')!.getAttribute('aria-label');
    expect(label(await card('locale="es-MX"'))).to.equal('Valoración: 4.5 de 5');
    expect(label(await card('locale="de-AT"'))).to.equal('Bewertung: 4,5 von 5');
    expect(label(await card('locale="xx-YY"'))).to.equal('Rated 4.5 out of 5');
    const inherited = await mount(
      `<div lang="fr-CA"><frontdesk-testimonial data-test author="A" rating="5">x</frontdesk-testimonial></div>`,
    );
    expect(label(inherited)).to.equal('Note\u00a0: 5 sur 5');
    expect(root(inherited).getAttribute('lang')).to.equal('fr-CA');
    const browser = await card('');
    expect(label(browser)).to.equal(navigator.language.startsWith('en') ? 'Rated 4.5 out of 5' : label(browser));
  });

  it('speaks Arabic right to left, with Arabic plural forms', async () => {
    const card = await mount(`<frontdesk-testimonial locale="ar" author="كاتي" rating="5" source="Google">نص</frontdesk-testimonial>`);
    expect(root(card).getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(root(card)).direction).to.equal('rtl');
    const five = new Intl.NumberFormat('ar').format(5);
    expect(card.shadowRoot!.querySelector('[part=rating]')!.getAttribute('aria-label')).to.equal(`التقييم: ${five} من ${five}`);
    expect(card.shadowRoot!.querySelector('[part=source]')!.textContent).to.equal('المصدر: Google');
    const count = (n: number) => formatMessage('ar', ar['comments.count'], { count: n });
    const n = (x: number) => new Intl.NumberFormat('ar').format(x);
    expect([0, 1, 2, 3, 11, 100].map(count)).to.deep.equal([
      'لا توجد تعليقات',
      'تعليق واحد',
      'تعليقان',
      `${n(3)} تعليقات`,
      `${n(11)} تعليقًا`,
      `${n(100)} تعليق`,
    ]);
  });

  interface Expected {
    service: string;
    day: string;
    time: string;
    details: string;
    done: string;
    name: string;
    dir: string;
    duration: string;
    /** How the confirmation labels the address its emails go to. */
    email: string;
  }
  for (const [lang, expected] of <[string, Expected][]>[
    [
      'es',
      {
        service: 'Elija un servicio',
        day: 'Elija un día',
        time: 'Elija una hora',
        details: 'Sus datos',
        done: 'Cita confirmada',
        name: 'Escriba su nombre.',
        dir: 'ltr',
        duration: new Intl.NumberFormat('es', { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(1),
        email: 'Correo electrónico: layla@example.com',
      },
    ],
    [
      'fr',
      {
        service: 'Choisissez une prestation',
        day: 'Choisissez un jour',
        time: 'Choisissez un horaire',
        details: 'Vos coordonnées',
        done: 'Rendez-vous confirmé',
        name: 'Indiquez votre nom.',
        dir: 'ltr',
        duration: new Intl.NumberFormat('fr', { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(1),
        email: 'Adresse e-mail\u00a0: layla@example.com',
      },
    ],
    [
      'ar',
      {
        service: 'اختر الخدمة',
        day: 'اختر اليوم',
        time: 'اختر الوقت',
        details: 'بياناتك',
        done: 'تم تأكيد الحجز',
        name: 'يُرجى إدخال اسمك.',
        dir: 'rtl',
        duration: new Intl.NumberFormat('ar', { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(1),
        email: 'البريد الإلكتروني: layla@example.com',
      },
    ],
  ]) {
    it(`books in ${lang}: every step in ${lang}, errors in ${lang}, the booking remembers ${lang}`, async () => {
      const el = await mount(`<frontdesk-booking locale="${lang}" api="${server.url}"></frontdesk-booking>`);
      await until(() => options(el).length, 5000, 'services');
      expect(heading(el)).to.equal(expected.service);
      expect(root(el).getAttribute('dir')).to.equal(expected.dir);
      expect(options(el)[1]!.textContent).to.contain(expected.duration);
      await expect(el).to.be.accessible();
      await toDetailsBy(el, 1, expected);
      button(el, el.shadowRoot!.querySelector('form button')!.textContent!.trim())!.click();
      await until(() => $(el, '#f-name-error')!.textContent, 5000, 'the name error');
      expect($(el, '#f-name-error')!.textContent).to.equal(expected.name);
      await type(el, 'name', 'Layla');
      await type(el, 'email', 'layla@example.com');
      await humanPause();
      const created = new Promise<CustomEvent>((r) =>
        el.addEventListener('frontdesk-booking-created', (e) => r(e as CustomEvent), { once: true }),
      );
      el.shadowRoot!.querySelector<HTMLButtonElement>('form button')!.click();
      const { detail } = await created;
      await step(el, expected.done);
      expect(detail.locale).to.equal(lang);
      expect(root(el).textContent).to.contain(expected.email);
      await expect(el).to.be.accessible();
      await fetch(`${server.url}/api/v1/bookings/${detail.id}/cancel?token=${encodeURIComponent(detail.token)}`, { method: 'POST' });
    });
  }

  it('shows the server’s own answers in the element’s language (a time that has passed, in Spanish)', async () => {
    const el = await mount(`<frontdesk-booking locale="es" api="${server.url}"></frontdesk-booking>`);
    await until(() => options(el).length, 5000, 'services');
    await toDetailsBy(el, 1, { day: 'Elija un día', time: 'Elija una hora', details: 'Sus datos' });
    await type(el, 'name', 'Rip');
    await type(el, 'email', 'rip@example.com');
    el.remove();
    const key = `frontdesk-booking:booking:${server.url}/api/v1:`;
    const kept = JSON.parse(sessionStorage.getItem(key)!);
    sessionStorage.setItem(
      key,
      JSON.stringify({ ...kept, start: new Date(Date.now() - 86_400_000).toISOString(), shownAt: Date.now() - 60_000 }),
    );
    const again = await mount(`<frontdesk-booking locale="es" api="${server.url}"></frontdesk-booking>`);
    await step(again, 'Sus datos');
    again.shadowRoot!.querySelector<HTMLButtonElement>('form button')!.click();
    await step(again, 'Elija una hora');
    expect(alertText(again)).to.equal('Esa hora ya ha pasado. Elija otra, por favor.');
  });

  it('shows the comments and the wall in Arabic, right to left', async () => {
    const comments = await mount(`<frontdesk-comments locale="ar" api="${server.url}" thread="/ar"></frontdesk-comments>`);
    // An empty thread's heading is the section's name, "Comments": no count of none in any language.
    await until(() => comments.shadowRoot!.querySelector('h2')?.textContent === 'التعليقات', 5000, 'the heading in Arabic');
    expect(root(comments).getAttribute('dir')).to.equal('rtl');
    expect(comments.shadowRoot!.querySelector('h3')!.textContent).to.equal('أضف تعليقًا');
    expect(input(comments, 'author').labels![0]!.textContent).to.contain('الاسم');
    await expect(comments).to.be.accessible();
    const wall = await mount(`<frontdesk-testimonials locale="ar" api="${server.url}" tag="none"></frontdesk-testimonials>`);
    await until(() => wall.shadowRoot!.querySelector('[part=state]'), 5000, 'the empty wall');
    expect(wall.shadowRoot!.querySelector('[part=state]')!.textContent).to.equal('لا توجد آراء بعد.');
    expect(root(wall).getAttribute('dir')).to.equal('rtl');
  });

  it('moves an Arabic carousel right to left: Next and the left arrow go forward, the right arrow back', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    for (const author of ['أ', 'ب', 'ج']) await asOwner(server, 'POST', '/testimonials', { author, text: 'نص', tag: 'rtl' });
    const box = await fixture<HTMLDivElement>(html`<div style="width: 600px"></div>`);
    box.innerHTML = `<frontdesk-testimonials locale="ar" layout="carousel" tag="rtl" api="${server.url}"></frontdesk-testimonials>`;
    const wall = box.firstElementChild as Element;
    await until(() => wall.shadowRoot!.querySelector('[part=controls]'), 5000, 'the carousel');
    const track = wall.shadowRoot!.querySelector<HTMLElement>('[part=wall]')!;
    const status = () => wall.shadowRoot!.querySelector('[aria-live]')!.textContent;
    const shown = () => {
      const frame = track.getBoundingClientRect();
      return [...track.children].findIndex((c) => {
        const b = c.getBoundingClientRect();
        return b.left >= frame.left - 2 && b.right <= frame.right + 2;
      });
    };
    const n = (x: number) => new Intl.NumberFormat('ar').format(x);
    expect([status(), shown()]).to.deep.equal([`الرأي ${n(1)} من ${n(3)}`, 0]);
    expect(
      track.getBoundingClientRect().right - track.children[0]!.getBoundingClientRect().right,
      'the first slide on the right',
    ).to.be.below(2);
    wall.shadowRoot!.querySelector<HTMLButtonElement>('[part=controls] button:last-child')!.click();
    await until(() => shown() === 1, 2000, 'slide 2 after Next');
    track.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => shown() === 2, 2000, 'slide 3 after the left arrow');
    expect(status()).to.equal(`الرأي ${n(3)} من ${n(3)}`);
    await sendKeys({ press: 'ArrowRight' });
    await until(() => shown() === 1, 2000, 'slide 2 after the right arrow');
    await emulateMedia({ reducedMotion: 'no-preference' });
  });
});
