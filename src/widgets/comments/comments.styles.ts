import { css } from '../base/css.js';

// One rule per line: Lit's CSS reaches the bundle as written.
export const styles = css`
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px }
h2 { flex: 1; margin: 0; overflow-wrap: break-word }
select { width: auto }
ol { list-style: none; padding: 0 }
article { display: flex; gap: 12px; padding: 14px 0; border-top: 1px solid var(--_border) }
article > div { flex: 1 }
ol ol, .more-replies { padding-inline-start: 56px }
article > span { flex: none; display: grid; place-items: center; width: 44px; height: 44px; border-radius: 50%; background: var(--_accent); color: var(--_on-accent); font-weight: 700 }
bdi { font-weight: 700 }
b, a { color: var(--_accent) }
b { display: inline-block; padding: 0 8px; border: 1px solid; border-radius: 99px; font-size: 13px }
time { position: relative; font-size: 14px; color: var(--_muted) }
time:focus span { clip: auto; width: auto; height: auto; top: 100%; inset-inline-start: 0; padding: 2px 8px; background: var(--_text); color: var(--_surface) }
p { margin: 4px 0 }
[part=notice] { border-color: var(--_accent); color: inherit }
.check { grid-template-columns: auto 1fr; align-items: center; gap: 4px 10px }
.check input { width: 24px; min-height: 24px; padding: 0; accent-color: var(--_accent) }
.check .hint { grid-column: 2 }
`;
