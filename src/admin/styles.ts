/** The admin page's own styles, on top of the widgets' base and form styles. Phone first. */
import { css } from 'lit';

export const adminStyles = css`
  h1 {
    font-size: 22px;
    margin: 16px 0 4px;
  }
  h2 {
    font-size: 20px;
    margin: 20px 0 12px;
  }
  h3 {
    font-size: 17px;
    margin: 18px 0 8px;
  }
  h2:focus {
    outline: none;
  }
  ul.cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 12px;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 12px 14px;
    background: var(--_surface);
    min-width: 0;
  }
  .card p {
    margin: 6px 0;
  }
  .meta {
    color: var(--_muted);
    font-size: 14px;
  }
  .text {
    white-space: pre-wrap;
  }
  .context {
    margin: 6px 0;
  }
  .context blockquote {
    margin: 2px 0 0;
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 10px;
  }
  a.btn {
    text-decoration: none;
  }
  .btn.small {
    min-height: 40px;
    padding: 4px 12px;
    font-size: 15px;
  }
  .btn.danger {
    background: var(--_error);
    border-color: var(--_error);
    color: #fff;
  }
  .badge {
    display: inline-block;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 8px;
    font-size: 13px;
    color: var(--_muted);
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .check input {
    width: auto;
    min-height: 0;
    /* A target a finger can hit (WCAG 2.2's 24 px), not the browser's 13 px box. */
    inline-size: 22px;
    block-size: 22px;
    margin: 0;
  }
  .pick {
    width: auto;
    min-height: 0;
    inline-size: 22px;
    block-size: 22px;
    margin: 0 6px 0 0;
    vertical-align: middle;
  }
  /* The actions on the ticked comments stay in reach while she scrolls down a long queue on a phone. */
  .selection {
    position: sticky;
    top: 0;
    z-index: 1;
    padding: 8px 0;
    background: var(--_surface);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: end;
    margin: 0 0 14px;
  }
  .toolbar .field {
    margin: 0;
    min-width: 160px;
  }
  .search {
    flex: 1 1 280px;
  }
  .search .actions {
    flex-wrap: nowrap;
    margin: 0;
  }
  .search input {
    flex: 1;
    min-width: 0;
  }
  .status:empty {
    margin: 0;
  }
  .status {
    margin: 0 0 12px;
    color: var(--_accent);
    font-weight: 600;
  }
  .panel {
    border-top: 1px solid var(--_border);
    margin-top: 10px;
    padding-top: 10px;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px 12px;
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  a {
    color: var(--_accent);
  }
`;
