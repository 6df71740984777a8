/**
 * A constructable stylesheet from a CSS template literal (no interpolation): what the widgets
 * adopt into their shadow roots (nothing a strict CSP refuses), and what LitElement (the admin
 * page) accepts in `static styles` too. Smaller than Lit's css tag, whose extras the kit never uses.
 */
export function css(strings: TemplateStringsArray): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(strings.join(''));
  return sheet;
}
