import { css } from '../base/css.js';

// One rule per line: Lit's CSS reaches the bundle as written.
export const styles = css`
.card { padding: 20px; background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius) }
svg { width: 20px; height: 20px; margin: 0 0 8px; margin-inline-end: 2px; fill: var(--_accent) }
[dir=rtl] svg { transform: scaleX(-1) }
.o { fill: none; stroke: var(--_muted); stroke-width: 1.5 }
blockquote { margin: 0; font-size: 17px; line-height: 1.6 }
.clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: var(--_lines); overflow: hidden }
::slotted(p) { margin: 0 0 .8em }
::slotted(p:last-child) { margin: 0 }
button { margin-top: 6px; min-height: 24px }
figcaption { display: flex; align-items: center; gap: 12px; margin-top: 16px; font-size: 15px; line-height: 1.4 }
img, .avatar { flex: none; display: grid; place-items: center; width: 44px; height: 44px; border-radius: 50%; object-fit: cover; background: var(--_accent); color: var(--_on-accent); font-weight: 700 }
.who { display: grid; flex: 1; color: var(--_muted) }
b { color: var(--_text) }
.badge { padding: 2px 10px; border: 1px solid var(--_border); border-radius: 99px; font-size: 13px; color: var(--_muted) }
`;
