// The grammar over the real-world corpus (../shared/corpus beside the project, as the Rust tests
// read it): every construct it opens in a file is closed by the file's end, no valid literal is
// marked invalid, and the CIM Schema's declarations are found one for one.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { loadGrammar, tokenize } = require("./tokenize");

const CORPUS = path.resolve(__dirname, "..", "..", "..", "..", "shared", "corpus");
const skip = fs.existsSync(CORPUS) ? false : `no corpus at ${CORPUS}`;

/** Files whose text is genuinely broken: a Description string that is never closed. */
const UNTERMINATED = [
  "dsc/PowerShell+PSDscResources/DscResources/MSFT_UserResource/en-US/MSFT_UserResource.schema.mfl",
  "dsc/PowerShell+xPSDesiredStateConfiguration/source/DSCResources/DSC_xUserResource/en-US/DSC_xUserResource.schema.mfl",
];

/** Files with escapes that MOF does not define (`\d`, `\s`, `\C`, ...), which mofc reports too. */
const UNKNOWN_ESCAPES = [
  "omi/omi/samples/Providers/Network/schema/MSFT_NetworkVLAN.mof",
  "omi/omi/samples/Providers/Network/schema/MSFT_SwitchService.mof",
  "omi/omi/samples/Providers/TestClass_Employee/TestClass_Employee.mof",
  "omi/omi/share/networkschema/MSFT_NetworkACLService.mof",
  "omi/omi/share/networkschema/MSFT_SwitchService.mof",
  "omi/openpegasus/src/Pegasus/Compiler/cmdline/tests/ValidMof4b.mof",
];

/** Text of a MOF file: UTF-16 with a BOM (as Windows tools write it) or UTF-8. */
function decode(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString("utf16le");
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  }
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

function* mofFiles(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* mofFiles(full);
    } else if (/\.(mof|mfl)$/i.test(entry.name)) {
      yield full;
    }
  }
}

test("every corpus file outside negative/ tokenizes to a closed end", { skip }, async () => {
  const grammar = await loadGrammar();
  const unclosed = [];
  const invalid = [];
  let files = 0;
  for (const file of mofFiles(CORPUS)) {
    const name = path.relative(CORPUS, file).split(path.sep).join("/");
    if (name.startsWith("negative/")) {
      continue;
    }
    files += 1;
    const { tokens, depth } = tokenize(grammar, decode(fs.readFileSync(file)));
    if (depth !== 1) {
      unclosed.push(name);
    }
    for (const token of tokens) {
      const scope = token.scopes.find((s) => s.startsWith("invalid."));
      if (scope && !(scope.startsWith("invalid.illegal.unknown-escape") && UNKNOWN_ESCAPES.includes(name))) {
        invalid.push(`${name}:${token.line}:${token.column} ${JSON.stringify(token.text)} ${scope}`);
      }
    }
  }
  assert.ok(files > 2000, `only ${files} corpus files found`);
  assert.deepEqual(unclosed.sort(), UNTERMINATED);
  assert.deepEqual(invalid, []);
});

// The counts are those of mofc's own model of the schema (`mofc compile --emit json`: its classes,
// their superclasses, and the properties, methods and parameters each class declares itself).
test("the CIM Schema's declarations are found one for one, as mofc's model counts them", { skip }, async () => {
  const grammar = await loadGrammar();
  // Tokens by their innermost scope: a superclass is `entity.name.type.class.mof
  // entity.other.inherited-class.mof` (the first for themes without the second).
  const counts = new Map();
  for (const file of mofFiles(path.join(CORPUS, "cim-schema-2.49.0"))) {
    for (const token of tokenize(grammar, decode(fs.readFileSync(file))).tokens) {
      const scope = token.scopes.at(-1);
      counts.set(scope, (counts.get(scope) ?? 0) + 1);
    }
  }
  assert.equal(counts.get("entity.name.type.class.mof"), 1631);
  assert.equal(counts.get("storage.type.class.mof"), 1631);
  assert.equal(counts.get("entity.name.type.qualifier.mof"), 70);
  assert.equal(counts.get("entity.other.inherited-class.mof"), 1520);
  assert.equal(counts.get("support.type.property-name.mof"), 7154); // variable.other.property.mof too
  assert.equal(counts.get("entity.name.function.mof"), 428);
  assert.equal(counts.get("entity.name.variable.parameter.mof"), 1693); // variable.parameter.mof too
  // The entry point's 1,633 `#pragma include`s and its `#pragma locale`.
  assert.equal(counts.get("keyword.control.directive.pragma.mof"), 1634);
});
