/**
 * The heights elements keep while their code loads (measured in Chromium:
 * test/widgets/embed/loader.test.ts checks that no layout shifts when they render). A testimonial
 * is laid out as its card will be: its text, clamped to six lines, between the card's top and
 * bottom, so the page does not jump when the card appears.
 */
export const RESERVE = `:is(frontdesk-booking,frontdesk-comments,frontdesk-testimonials):not(:defined){display:block}
frontdesk-booking:not(:defined){min-height:250px}
frontdesk-booking[mode=contact]:not(:defined){min-height:524px}
frontdesk-testimonials:not(:defined){min-height:888px}
frontdesk-testimonials[layout=carousel]:not(:defined){min-height:296px}
frontdesk-comments:not(:defined){min-height:614px}
frontdesk-testimonial:not(:defined){display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:6;overflow:hidden;padding:49px 21px 117px;font-size:17px;line-height:1.6}`;
