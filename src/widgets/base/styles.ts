/**
 * Styles every element shares. Host pages may set anything on their own elements: inherited
 * properties (letter-spacing, text-transform, line-height, font-size, …) and `rem` still reach
 * into the shadow tree, so `.root` resets them. Theming goes through the contract's custom
 * properties only; the element's own defaults live in private `--_*` properties.
 */
import { css } from './css.js';

export const base = css`
  :host {
    display: block;
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    --_accent: var(--frontdesk-accent, #0f766e);
    --_on-accent: #fff;
    --_text: var(--frontdesk-text, #1f2933);
    --_muted: var(--frontdesk-muted, #52606d);
    --_surface: var(--frontdesk-surface, #ffffff);
    --_border: var(--frontdesk-border, #d3d9df);
    --_radius: var(--frontdesk-radius, 10px);
    --_error: #b42318;
    /* initial: letter-spacing, word-spacing, text-transform, text-indent, text-shadow, white-space, weight, style */
    all: initial;
    display: block;
    color: var(--_text);
    font-family: var(--frontdesk-font, inherit);
    font-size: 16px;
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  /* The dark colours, twice (theme="dark", and theme="auto" on a dark system): gzip keeps the copy in a
     few bytes, less than building it once at run time would cost (measured with scripts/size.mjs). */
  :host([theme='dark']) .root {
    --_accent: var(--frontdesk-accent, #5eead4);
    --_on-accent: #0b1a17;
    --_text: var(--frontdesk-text, #e6edf3);
    --_muted: var(--frontdesk-muted, #a3b1bf);
    --_surface: var(--frontdesk-surface, #161b22);
    --_border: var(--frontdesk-border, #3a4450);
    --_error: #ff8a80;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) .root {
      --_accent: var(--frontdesk-accent, #5eead4);
      --_on-accent: #0b1a17;
      --_text: var(--frontdesk-text, #e6edf3);
      --_muted: var(--frontdesk-muted, #a3b1bf);
      --_surface: var(--frontdesk-surface, #161b22);
      --_border: var(--frontdesk-border, #3a4450);
      --_error: #ff8a80;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    color: inherit;
    margin: 0;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .link {
    background: none;
    border: 0;
    padding: 0;
    color: var(--_accent);
    text-decoration: underline;
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  /* The kit has no animations or transitions; smooth scrolling is its only motion. */
  @media (prefers-reduced-motion: reduce) {
    * {
      scroll-behavior: auto !important;
    }
  }
`;
