// `npm run manifest`: dist/custom-elements.json, read by editors, Storybook and other tools, from the
// widgets' JSDoc (one @attr, @fires, @csspart, @cssprop or @slot per line) and their `static properties`.
// test/package/manifest.test.ts fails when an element uses something this file does not describe.
export default {
  globs: ['src/widgets/**/*.ts'],
  exclude: ['src/widgets/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [internalStateIsNotAnAttribute(), noEventNamedByAVariable()],
};

/**
 * The analyzer's Lit support turns every entry of `static properties` into an attribute, but Lit
 * gives `{state: true}` entries none: they are the element's internal state.
 */
function internalStateIsNotAnAttribute() {
  const states = new Map(); // class name → names of its state properties
  return {
    name: 'frontdesk: internal state is not an attribute',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        const isStatic = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStatic || member.name?.getText() !== 'properties' || !member.initializer) continue;
        if (!ts.isObjectLiteralExpression(member.initializer)) continue;
        const names = member.initializer.properties
          .filter((p) => ts.isPropertyAssignment(p) && ts.isObjectLiteralExpression(p.initializer))
          .filter((p) =>
            p.initializer.properties.some((o) => o.name?.getText() === 'state' && o.initializer.kind === ts.SyntaxKind.TrueKeyword),
          )
          .map((p) => p.name.getText());
        states.set(node.name.getText(), new Set(names));
      }
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        const names = states.get(declaration.name);
        if (!names) continue;
        declaration.attributes = declaration.attributes?.filter((a) => !names.has(a.fieldName ?? a.name));
        for (const member of declaration.members ?? []) if (names.has(member.name)) delete member.attribute;
      }
    },
  };
}

/**
 * The base class's `emit(name, detail)` dispatches `new CustomEvent(name, …)`, which the analyzer
 * lists as an event called "name". Events are documented with @fires on each element instead.
 */
function noEventNamedByAVariable() {
  const variables = new Set();
  return {
    name: 'frontdesk: no event named by a variable',
    analyzePhase({ ts, node }) {
      if (!ts.isNewExpression(node) || !/^(Custom)?Event$/.test(node.expression.getText())) return;
      const first = node.arguments?.[0];
      if (first && ts.isIdentifier(first)) variables.add(first.text);
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        declaration.events = declaration.events?.filter((e) => e.description || !variables.has(e.name));
      }
    },
  };
}
