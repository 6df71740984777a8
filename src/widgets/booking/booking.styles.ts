import { css } from '../base/css.js';

// The booking steps: option grids (services, days, times), placeholders of the same height, button rows.
// One rule per line: Lit's CSS reaches the bundle as written.
export const styles = css`
.root, .opt, .ph { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface) }
.root { padding: 16px }
h2 { margin: 0 0 12px; font-size: 20px }
p, .list { margin: 0 0 14px }
.list { display: grid; grid-template-columns: repeat(auto-fill, minmax(112px, 1fr)); gap: 8px }
.wide { grid-template-columns: 1fr }
.opt, .ph { min-height: 48px; padding: 6px 12px; text-align: start }
.ph { opacity: .4; background: var(--_border) }
[aria-pressed=true] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent) }
.row { display: flex; flex-wrap: wrap; gap: 8px }
.check { display: flex; gap: 10px; align-items: center }
.check input { width: 22px; min-height: 22px }
`;
