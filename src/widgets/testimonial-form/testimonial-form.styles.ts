import { css } from '../base/css.js';

// One rule per line: Lit's CSS reaches the bundle as written.
export const styles = css`
h2 { margin: 0 0 6px }
fieldset { border: 0; padding: 0; margin: 0 0 14px; min-width: 0 }
legend { padding: 0; font-weight: 600; font-size: 15px }
.stars { display: flex; gap: 4px }
.stars label { position: relative; display: grid; place-items: center; width: 44px; height: 44px; cursor: pointer }
.stars input { position: absolute; inset: 0; width: 100%; height: 100%; opacity: 0; margin: 0; cursor: pointer }
svg { width: 32px; height: 32px; fill: none; stroke: var(--_muted); stroke-width: 1.5 }
.on svg { fill: var(--_accent); stroke: var(--_accent) }
label:has(:focus-visible) { outline: 2px solid var(--_accent); outline-offset: 2px; border-radius: 4px }
.check label { display: flex; gap: 10px; align-items: flex-start; font-weight: 400 }
.check input { flex: none; width: 20px; min-height: 0; height: 20px; margin: 2px 0 0 }
[part=notice] { border-color: var(--_accent); color: inherit }
`;
