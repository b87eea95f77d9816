// The grammar's scopes are ones that themes colour: each construct of a sample, tokenized and
// coloured as VS Code does with a theme, gets a colour other than the theme's plain text colour.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const { test } = require("node:test");
const textmate = require("vscode-textmate");
const { newRegistry } = require("./tokenize");

const SAMPLE = [
  '#pragma namespace("root\\\\cimv2")',
  '[Association, Description("A\\n") : Amended ToSubclass]',
  "class Sample_A : Sample_Base {",
  "  [Key] uint32 Count = 0x1F;",
  "  Sample_Base REF Target;",
  "  boolean Go([IN] string Name);",
  "};",
  "instance of Sample_A as $A { Count = 1.5; Target = $B; Flag = true; None = null; }; // c",
  "qualifier Q : string, scope(class), flavor(ToSubclass);",
];

/** Each construct, by the first place in SAMPLE where its text occurs. */
const CONSTRUCTS = {
  "pragma keyword": "#pragma",
  "pragma name": "namespace",
  qualifier: "Association",
  string: '"A',
  escape: "\\n",
  flavor: "Amended",
  "class keyword": "class",
  "class name": "Sample_A",
  superclass: "Sample_Base",
  "data type": "uint32",
  property: "Count",
  number: "0x1F",
  ref: "REF",
  method: "Go",
  parameter: "Name",
  "instance keyword": "instance",
  alias: "$A",
  boolean: "true",
  null: "null",
  comment: "// c",
  "qualifier keyword": "qualifier",
  "scope keyword": "scope",
};

/** The constructs a theme leaves in its plain text colour. */
async function plainConstructs(themeName) {
  const theme = JSON.parse(fs.readFileSync(require.resolve(`tm-themes/themes/${themeName}.json`), "utf8"));
  // As VS Code does: the editor's foreground is the default, then the theme's token rules.
  const settings = [{ settings: { foreground: theme.colors["editor.foreground"] } }, ...theme.tokenColors];
  const registry = newRegistry({ name: themeName, settings });
  const grammar = await registry.loadGrammar("source.mof");
  const colors = registry.getColorMap();
  const colorOf = (metadata) => colors[(metadata & 0x00ff8000) >>> 15].toLowerCase();
  let stack = textmate.INITIAL;
  const lineTokens = SAMPLE.map((line) => {
    const result = grammar.tokenizeLine2(line, stack);
    stack = result.ruleStack;
    return result.tokens;
  });
  const plain = colors[1].toLowerCase();
  return Object.entries(CONSTRUCTS)
    .filter(([, text]) => {
      const line = SAMPLE.findIndex((l) => l.includes(text));
      const column = SAMPLE[line].indexOf(text);
      const tokens = lineTokens[line];
      let metadata;
      for (let i = 0; i < tokens.length && tokens[i] <= column; i += 2) {
        metadata = tokens[i + 1];
      }
      return colorOf(metadata) === plain;
    })
    .map(([construct]) => construct);
}

// VS Code's default themes and some of the most installed ones colour every construct.
for (const theme of ["dark-plus", "light-plus", "github-dark", "github-light", "dracula", "nord", "tokyo-night", "gruvbox-dark-medium"]) {
  test(`${theme} colours every construct`, async () => {
    assert.deepEqual(await plainConstructs(theme), []);
  });
}

// Themes without a colour for one kind of name.
for (const [theme, plain] of [
  ["monokai", ["alias"]],
  ["one-dark-pro", ["property"]],
  ["solarized-dark", ["parameter"]],
]) {
  test(`${theme} colours every construct but the ${plain.join(", ")}`, async () => {
    assert.deepEqual(await plainConstructs(theme), plain);
  });
}
