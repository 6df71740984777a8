// A Rollup plugin that strips indentation and comments from the static parts of Lit's css`` and
// html`` templates, which terser leaves alone. Line breaks are kept (a newline costs what a space
// does), so source maps stay right line by line. Text inside templates is never changed otherwise.
import { walk } from 'estree-walker';

function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\n\s+/g, '\n')
    .replace(/[ \t]*([{};,])[ \t]*/g, '$1')
    .replace(/:[ \t]+/g, ':');
}

function minifyHtml(text) {
  return text.replace(/\n\s+/g, '\n');
}

export function minifyTemplates() {
  return {
    name: 'minify-lit-templates',
    transform(code, id) {
      if (!/\b(css|html)\s*`/.test(code) || id.includes('node_modules')) return null;
      const edits = [];
      walk(this.parse(code), {
        enter(node) {
          if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
          const minify = node.tag.name === 'css' ? minifyCss : node.tag.name === 'html' ? minifyHtml : null;
          if (!minify) return;
          for (const quasi of node.quasi.quasis) {
            const raw = code.slice(quasi.start, quasi.end);
            const next = minify(raw);
            if (next !== raw) edits.push([quasi.start, quasi.end, next]);
          }
        },
      });
      if (!edits.length) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
