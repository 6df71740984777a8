import { css } from '../base/css.js';

// One rule per line: Lit's CSS reaches the bundle as written.
export const styles = css`
.track { display: grid; gap: 16px; align-items: start }
.grid { grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)) }
.carousel { position: relative; grid-auto-flow: column; grid-auto-columns: 100%; overflow-x: auto; scroll-snap-type: x mandatory; scroll-behavior: smooth }
.carousel > * { scroll-snap-align: start }
.skeleton { height: 280px; margin-bottom: 16px; border-radius: var(--_radius); background: var(--_border) }
.state { padding: 20px; border: 1px dashed var(--_border); border-radius: var(--_radius); color: var(--_muted); text-align: center }
.controls { display: flex; align-items: center; justify-content: center; gap: 16px; margin-top: 12px }
.controls .btn { min-width: 44px; font-size: 22px; line-height: 1 }
`;
