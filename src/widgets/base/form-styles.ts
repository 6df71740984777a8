/**
 * Buttons and form fields (every element but the testimonial card): labels above inputs, errors
 * under them. Apart from base/styles.ts, so that a page with only testimonial cards never loads it.
 */
import { css } from './css.js';

export const formStyles = css`
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    margin: 0;
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
  .btn:disabled,
  .btn[aria-disabled='true'] {
    opacity: 0.6;
  }
  .hp {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
  }
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
