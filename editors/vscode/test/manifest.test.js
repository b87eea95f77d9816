// The extension's manifest holds what VS Code and vsce need, and its parts agree with each other.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");

const ROOT = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const readJson = (relative) => JSON.parse(fs.readFileSync(path.join(ROOT, relative), "utf8"));

test("the manifest has the fields VS Code and vsce require", () => {
  for (const field of ["name", "displayName", "description", "version", "publisher", "license", "main"]) {
    assert.equal(typeof manifest[field], "string", field);
  }
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.ok(manifest.categories.includes("Programming Languages"));
  assert.ok(fs.existsSync(path.join(ROOT, manifest.main)), manifest.main);
  assert.ok(fs.existsSync(path.join(ROOT, "LICENSE")));
  assert.ok(fs.existsSync(path.join(ROOT, "README.md")));
});

test("the language covers .mof and .mfl, with its grammar and configuration", () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, "mof");
  assert.deepEqual(language.extensions, [".mof", ".mfl"]);
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, "mof");
  assert.equal(grammar.scopeName, "source.mof");
  assert.equal(readJson(grammar.path).scopeName, "source.mof");
  assert.ok(manifest.activationEvents.includes("onLanguage:mof"));

  const configuration = readJson(language.configuration);
  assert.deepEqual(configuration.comments, { lineComment: "//", blockComment: ["/*", "*/"] });
  assert.deepEqual(configuration.brackets, [["{", "}"], ["[", "]"], ["(", ")"]]);
  const pairs = configuration.autoClosingPairs.map((p) => p.open + p.close);
  for (const pair of ["{}", "[]", "()", '""', "''"]) {
    assert.ok(pairs.includes(pair), pair);
  }
  const start = new RegExp(configuration.folding.markers.start);
  const end = new RegExp(configuration.folding.markers.end);
  assert.ok(start.test("// #region qualifiers") && start.test("#ifdef GENERATE_HEADER"));
  assert.ok(end.test("  // #endregion") && end.test("#endif // GENERATE_HEADER"));
  assert.ok(!start.test("class A {") && !end.test("};"));
  const word = new RegExp(`^(?:${configuration.wordPattern})$`);
  assert.ok(word.test("$Alias") && word.test("CIM_ManagedElement") && !word.test("a.b"));
});

test("the settings the client reads are contributed, with their defaults", () => {
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings["mofc.server.path"].default, "mofc");
  assert.deepEqual(settings["mofc.server.args"].default, ["lsp"]);
  assert.deepEqual(settings["mofc.trace.server"].enum, ["off", "messages", "verbose"]);
  // The client reads `mofc.server.*` (test/extension.test.js); the library reads
  // `<client id>.trace.server`, and the client's id is "mofc".
  const client = fs.readFileSync(path.join(ROOT, manifest.main), "utf8");
  // Settings that choose what runs come from the user only, in an untrusted workspace.
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations,
    ["mofc.server.path", "mofc.server.args"]);
  const commands = manifest.contributes.commands.map((c) => c.command);
  for (const command of commands) {
    assert.match(client, new RegExp(`registerCommand\\("${command.replace(".", "\\.")}"`));
  }
});

test("the client's dependency is a runtime dependency, so vsce packs it", () => {
  assert.ok(manifest.dependencies["vscode-languageclient"]);
  assert.ok(!manifest.dependencies.vscode, "the vscode module is VS Code's own");
});
