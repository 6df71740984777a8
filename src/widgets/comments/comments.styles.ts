import { css } from 'lit';

export const styles = css`
  .top,
  .meta,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 10px;
  }
  h2 {
    flex: 1;
    margin: 0;
  }
  select {
    width: auto;
  }
  ol {
    list-style: none;
    padding: 0;
  }
  .comment {
    display: flex;
    gap: 12px;
    padding: 14px 0;
    border-top: 1px solid var(--_border);
  }
  .comment > div {
    flex: 1;
    min-width: 0;
  }
  .replies {
    padding-inline-start: 52px;
  }
  .avatar {
    display: grid;
    place-items: center;
    flex: none;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .author {
    font-weight: 700;
  }
  .badge,
  a {
    color: var(--_accent);
  }
  .badge {
    padding: 0 6px;
    border: 1px solid;
    border-radius: 9px;
    font-size: 13px;
  }
  time {
    position: relative;
    font-size: 14px;
  }
  time:focus .tip {
    clip: auto;
    width: auto;
    height: auto;
    top: 100%;
    left: 0;
    z-index: 1;
    padding: 2px 8px;
    background: var(--_text);
    color: var(--_surface);
  }
  .text p {
    margin: 4px 0;
  }
  code {
    font-family: ui-monospace, monospace;
  }
  .notice {
    border-color: var(--_accent);
    color: inherit;
  }
`;
