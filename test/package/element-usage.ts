/**
 * What each element actually uses, read from its source (not from its JSDoc), for the manifest test:
 * - attributes: its `static properties` (and its base class's), minus `{state: true}` and
 *   `{attribute: false}`, named as Lit names them; plus names added in a `static get observedAttributes()`;
 * - events: string literals given to `this.emit(…)` or `new CustomEvent(…)` in the class, and those of
 *   base-class methods the class calls;
 * - parts and slots: `part="…"`, `exportparts="…"` and `<slot>` in the templates of the element's file and
 *   of the helper modules it imports from its own folder and from base/ (form.ts's fields);
 * - CSS custom properties: every `--frontdesk-*` in those modules (the element's styles and base styles).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ElementUsage {
  className: string;
  /** Relative to the repository, as in custom-elements.json (`src/widgets/booking/booking.ts`). */
  file: string;
  attributes: Set<string>;
  events: Set<string>;
  parts: Set<string>;
  slots: Set<string>;
  cssProperties: Set<string>;
}

const ROOT = process.cwd();
const WIDGETS = join(ROOT, 'src/widgets');
const BASE = join(WIDGETS, 'base');
const sources = new Map<string, ts.SourceFile>();

function parse(file: string): ts.SourceFile {
  let source = sources.get(file);
  if (!source) sources.set(file, (source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)));
  return source;
}

/** Relative imports of `file` that are code (not `import type`), as .ts paths. */
function importsOf(file: string): Map<string, string> {
  const found = new Map<string, string>(); // imported name (or the path, for a bare import) → file
  for (const statement of parse(file).statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (!existsSync(target)) continue;
    found.set(target, target);
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const name of bindings.elements) found.set(name.name.text, target);
  }
  return found;
}

/** The element's file and the helpers it imports from its own folder and base/, transitively. */
function moduleClosure(file: string): string[] {
  const own = dirname(file);
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length) {
    for (const target of new Set(importsOf(queue.shift()!).values())) {
      const inScope = dirname(target) === own || dirname(target) === BASE;
      if (inScope && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen];
}

function isStatic(member: ts.ClassElement): boolean {
  return !!ts.getModifiers(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function option(options: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of options.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

/** Every string literal inside `node` (a name, or both branches of `a ? 'x' : 'y'`). */
function literals(node: ts.Node | undefined): string[] {
  if (!node) return [];
  if (ts.isStringLiteralLike(node)) return [node.text];
  const found: string[] = [];
  node.forEachChild((child) => void found.push(...literals(child)));
  return found;
}

function ownAttributes(cls: ts.ClassDeclaration): string[] {
  const names: string[] = [];
  for (const member of cls.members) {
    if (!isStatic(member) || member.name?.getText() === undefined) continue;
    if (
      member.name.getText() === 'properties' &&
      ts.isPropertyDeclaration(member) &&
      member.initializer &&
      ts.isObjectLiteralExpression(member.initializer)
    ) {
      for (const p of member.initializer.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
        const state = option(p.initializer, 'state');
        const attribute = option(p.initializer, 'attribute');
        if (state?.kind === ts.SyntaxKind.TrueKeyword || attribute?.kind === ts.SyntaxKind.FalseKeyword) continue;
        names.push(attribute && ts.isStringLiteral(attribute) ? attribute.text : p.name.getText().toLowerCase());
      }
    }
    if (member.name.getText() === 'observedAttributes' && ts.isGetAccessor(member)) names.push(...literals(member.body));
  }
  return names;
}

/** Events dispatched in `node` with a literal name. */
function dispatched(node: ts.Node): string[] {
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && n.expression.getText() === 'this.emit') found.push(...literals(n.arguments[0]));
    if (ts.isNewExpression(n) && /^(Custom)?Event$/.test(n.expression.getText())) found.push(...literals(n.arguments?.[0]));
    n.forEachChild(visit);
  };
  visit(node);
  return found.filter((name) => /^[a-z]+(-[a-z]+)+$/.test(name));
}

/** Names of the `this.method(…)` calls in `node`. */
function calledMethods(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      names.add(n.expression.name.text);
    }
    n.forEachChild(visit);
  };
  visit(node);
  return names;
}

interface ClassInfo {
  cls: ts.ClassDeclaration;
  file: string;
  base?: ClassInfo | undefined;
}

function classIn(file: string, name?: string): ClassInfo | undefined {
  const cls = parse(file).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && (!name || s.name?.text === name));
  if (!cls) return undefined;
  const superName = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression.getText();
  const superFile = superName ? importsOf(file).get(superName) : undefined;
  return { cls, file, base: superFile ? classIn(superFile, superName) : undefined };
}

function templateText(files: string[]): string {
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** `part="comment${c.parentId ? ' reply' : ''}"` → comment, reply. */
function names(value: string): string[] {
  const dynamic = [...value.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/'([^']*)'/g)].map((q) => q[1]!));
  return [...value.replace(/\$\{[^}]*\}/g, ' ').split(/[\s,]+/), ...dynamic.flatMap((d) => d.split(/\s+/))].filter(Boolean);
}

export function elementUsage(file: string): ElementUsage {
  const info = classIn(file);
  if (!info) throw new Error(`${file} has no class`);
  const attributes = new Set<string>();
  const events = new Set<string>(dispatched(info.cls));
  const calls = calledMethods(info.cls);
  for (let c: ClassInfo | undefined = info; c; c = c.base) {
    for (const name of ownAttributes(c.cls)) attributes.add(name);
    if (c === info) continue;
    for (const member of c.cls.members) {
      if (ts.isMethodDeclaration(member) && calls.has(member.name.getText())) for (const e of dispatched(member)) events.add(e);
    }
  }
  const text = templateText(moduleClosure(file));
  const parts = new Set([...text.matchAll(/\b(?:export)?parts?="([^"]*)"/g)].flatMap((m) => names(m[1]!)));
  const slots = new Set([...text.matchAll(/<slot\b([^>]*)>/g)].map((m) => /\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? ''));
  const cssProperties = new Set(text.match(/--frontdesk-[a-z][a-z-]*/g) ?? []);
  return { className: info.cls.name!.text, file: relative(ROOT, file), attributes, events, parts, slots, cssProperties };
}

/** Every element: the classes that extend FrontdeskElement, in src/widgets/<name>/<name>.ts. */
export function elementFiles(): string[] {
  return ts.sys
    .readDirectory(WIDGETS, ['.ts'], undefined, ['**/*.ts'])
    .filter((f) => !f.startsWith(BASE) && /\bextends FrontdeskElement\b/.test(readFileSync(f, 'utf8')))
    .sort();
}
