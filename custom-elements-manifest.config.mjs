export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  plugins: [
    {
      // The element's attribute defaults are `DEFAULTS.x` (one source, in src/config), which the
      // analyzer leaves out: record the expression here, then put in the value once all is read.
      name: 'resolve-config-defaults',
      analyzePhase({ ts, node, moduleDoc }) {
        const init = ts.isPropertyDeclaration(node) ? node.initializer : undefined;
        if (!init || !ts.isPropertyAccessExpression(init) || init.expression.getText() !== 'DEFAULTS') return;
        const cls = moduleDoc.declarations?.find((d) => d.name === node.parent.name?.getText());
        const member = cls?.members?.find((m) => m.name === node.name.getText());
        if (member) member.default = init.getText();
        const attr = cls?.attributes?.find((a) => a.fieldName === node.name.getText());
        if (attr) attr.default = init.getText();
      },
      packageLinkPhase({ customElementsManifest }) {
        const declarations = customElementsManifest.modules.flatMap((m) => m.declarations ?? []);
        const text = declarations.find((d) => d.name === 'DEFAULTS')?.default ?? '';
        const values = Object.fromEntries([...text.matchAll(/(\w+): ([\w.]+)/g)].map((m) => [m[1], m[2]]));
        for (const d of declarations) {
          for (const f of [...(d.members ?? []), ...(d.attributes ?? [])]) {
            const key = /^DEFAULTS\.(\w+)$/.exec(f.default ?? '')?.[1];
            if (key && !(key in values)) throw new Error(`DEFAULTS.${key} is not in src/config's DEFAULTS`);
            if (key) f.default = values[key];
          }
          // Attributes were made from their fields before analyzePhase saw the initializer: they
          // take the field's (now resolved) default.
          for (const a of d.attributes ?? []) {
            const field = d.members?.find((m) => m.name === a.fieldName);
            if (a.default === undefined && field?.default !== undefined) a.default = field.default;
          }
        }
      },
    },
    {
      // Globs come back in file-system order, which differs between machines: sort, so that the
      // committed manifest is reproducible anywhere.
      name: 'sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
