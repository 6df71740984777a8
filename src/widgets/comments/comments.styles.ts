import { css } from 'lit';

export const styles = css`
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 0 0 8px;
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 22px;
  }
  h3 {
    margin: 24px 0 8px;
    font-size: 18px;
  }
  select {
    width: auto;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .comment {
    display: flex;
    gap: 12px;
    padding: 14px 0;
    border-top: 1px solid var(--_border);
  }
  .replies {
    padding-inline-start: 52px;
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 700;
  }
  .body {
    flex: 1;
    min-width: 0;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 10px;
  }
  .author {
    font-weight: 700;
  }
  .badge {
    padding: 0 8px;
    border: 1px solid var(--_accent);
    border-radius: 99px;
    color: var(--_accent);
    font-size: 13px;
    font-weight: 700;
  }
  time {
    position: relative;
    color: var(--_muted);
    font-size: 14px;
  }
  .tip {
    position: absolute;
    clip-path: inset(50%);
    width: 1px;
    overflow: hidden;
    white-space: nowrap;
  }
  time:focus .tip {
    clip-path: none;
    width: auto;
    top: 100%;
    left: 0;
    z-index: 1;
    padding: 2px 8px;
    border-radius: 4px;
    background: var(--_text);
    color: var(--_surface);
  }
  .text p {
    margin: 4px 0;
  }
  a {
    color: var(--_accent);
  }
  code {
    padding: 0 4px;
    border: 1px solid var(--_border);
    border-radius: 4px;
    font-family: ui-monospace, monospace;
  }
  .small {
    font-size: 14px;
  }
  .notice {
    margin: 8px 0;
    padding: 10px 14px;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
  }
  form {
    margin: 8px 0 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .more {
    margin: 12px 0 0;
  }
`;
