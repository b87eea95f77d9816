// Tokenizes MOF text with the extension's grammar, as VS Code does (vscode-textmate and the
// Oniguruma regex engine). Used by the tests; `node test/tokenize.js FILE` prints the tokens.
"use strict";

const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const GRAMMAR = path.join(__dirname, "..", "syntaxes", "mof.tmLanguage.json");

let onigLib;

/** A registry of the MOF grammar, with a theme (`{ name, settings }`) to colour tokens by. */
function newRegistry(theme) {
  if (!onigLib) {
    const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    onigLib = oniguruma.loadWASM(wasm.buffer).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }));
  }
  return new textmate.Registry({
    onigLib,
    theme,
    loadGrammar: async (scopeName) =>
      scopeName === "source.mof"
        ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR)
        : null,
  });
}

let registry;

/** The MOF grammar, loaded once. */
async function loadGrammar() {
  registry ??= newRegistry(undefined);
  return registry.loadGrammar("source.mof");
}

/**
 * Every token of `text`, line by line, and the rule stack left at the end (its depth is 1 when
 * every construct the grammar opened was closed).
 */
function tokenize(grammar, text) {
  let stack = textmate.INITIAL;
  const lines = text.split(/\r?\n/);
  const tokens = [];
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      tokens.push({
        line: index + 1,
        column: token.startIndex + 1,
        text: line.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    stack = result.ruleStack;
  });
  return { tokens, depth: stack.depth };
}

module.exports = { loadGrammar, newRegistry, tokenize };

if (require.main === module) {
  loadGrammar().then((grammar) => {
    const { tokens, depth } = tokenize(grammar, fs.readFileSync(process.argv[2], "utf8"));
    for (const t of tokens) {
      if (t.text.trim()) {
        console.log(`${t.line}:${t.column}\t${JSON.stringify(t.text)}\t${t.scopes.slice(1).join(" ")}`);
      }
    }
    console.log(`final stack depth ${depth}`);
  });
}
