/**
 * Styles every element shares. Host pages may set anything on their own elements: inherited
 * properties (letter-spacing, text-transform, line-height, font-size, …) and `rem` still reach
 * into the shadow tree, so `.root` resets them. Theming goes through the contract's custom
 * properties only; the element's own defaults live in private `--_*` properties.
 */
import { css } from 'lit';

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
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    margin: 0;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 44px;
    padding: 0.5em 1.1em;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .btn.secondary {
    background: transparent;
    color: var(--_accent);
  }
  .btn:disabled {
    opacity: 0.6;
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
  .sr-only,
  .hp {
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

/** Form fields: labels above inputs, errors under them. */
export const formStyles = css`
  .field {
    display: grid;
    gap: 4px;
    margin: 0 0 14px;
  }
  label {
    font-weight: 600;
    font-size: 15px;
  }
  .hint {
    color: var(--_muted);
    font-size: 14px;
  }
  input,
  textarea,
  select {
    width: 100%;
    min-height: 44px;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface);
  }
  textarea {
    min-height: 110px;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    box-shadow: 0 0 0 1px var(--_error);
  }
  .error {
    color: var(--_error);
    font-size: 14px;
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .alert {
    border: 1px solid var(--_error);
    border-radius: calc(var(--_radius) * 0.6);
    padding: 10px 14px;
    margin: 0 0 14px;
    color: var(--_error);
  }
`;
