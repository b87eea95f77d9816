// extension.js with VS Code and the language client replaced by fakes that record what they are
// asked: which server it starts, that a settings change restarts it, that a server that cannot
// start is reported.
"use strict";

const assert = require("node:assert/strict");
const Module = require("node:module");
const path = require("node:path");
const { test } = require("node:test");

/** Loads extension.js afresh against a fake `vscode` module and language client. */
function loadExtension({ settings = {}, folder = "/ws", failStart = false } = {}) {
  const events = [];
  const listeners = { configuration: [] };
  const vscode = {
    workspace: {
      workspaceFolders: folder ? [{ uri: { fsPath: folder } }] : undefined,
      getConfiguration: (section) => {
        assert.equal(section, "mofc.server");
        return { get: (key) => settings[key] };
      },
      onDidChangeConfiguration: (listener) => {
        listeners.configuration.push(listener);
        return { dispose() {} };
      },
    },
    commands: {
      registerCommand: (name, callback) => {
        listeners[name] = callback;
        return { dispose() {} };
      },
      executeCommand: async (...args) => events.push(["command", ...args]),
    },
    window: {
      showErrorMessage: async (message) => {
        events.push(["error", message]);
        return undefined;
      },
    },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      this.id = id;
      events.push(["new", id, serverOptions, clientOptions.documentSelector]);
    }
    async start() {
      events.push(["start", this.id]);
      if (failStart) throw new Error("spawn mofc ENOENT");
    }
    async stop() {
      events.push(["stop", this.id]);
    }
  }
  const fakes = { vscode, "vscode-languageclient/node": { LanguageClient } };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request in fakes ? fakes[request] : load.call(this, request, ...rest);
  };
  const file = path.join(__dirname, "..", "extension.js");
  delete require.cache[require.resolve(file)];
  try {
    return { extension: require(file), events, listeners };
  } finally {
    Module._load = load;
  }
}

const context = () => ({ subscriptions: [] });
const SELECTOR = [
  { scheme: "file", language: "mof" },
  { scheme: "untitled", language: "mof" },
];

test("activation starts `mofc lsp` for mof documents", async () => {
  const { extension, events } = loadExtension();
  const ctx = context();
  await extension.activate(ctx);
  assert.deepEqual(events, [
    ["new", "mofc", { command: "mofc", args: ["lsp"] }, SELECTOR],
    ["start", "mofc"],
  ]);
  assert.equal(ctx.subscriptions.length, 2);
  await extension.deactivate();
  assert.deepEqual(events.at(-1), ["stop", "mofc"]);
});

test("the settings choose the command; a change to them restarts the server", async () => {
  const settings = { path: "target/release/mofc", args: ["lsp"] };
  const { extension, events, listeners } = loadExtension({ settings });
  await extension.activate(context());
  assert.deepEqual(events[0][2], { command: path.resolve("/ws/target/release/mofc"), args: ["lsp"] });

  events.length = 0;
  await listeners.configuration[0]({ affectsConfiguration: (section) => section === "editor" });
  assert.deepEqual(events, [], "another extension's setting changes nothing");

  settings.path = "/opt/mofc";
  const change = { affectsConfiguration: (section) => section === "mofc.server" };
  await Promise.all([listeners.configuration[0](change), listeners.configuration[0](change)]);
  assert.deepEqual(events.map((e) => e.slice(0, 3)), [
    ["stop", "mofc"],
    ["new", "mofc", { command: "/opt/mofc", args: ["lsp"] }],
    ["start", "mofc"],
    ["stop", "mofc"],
    ["new", "mofc", { command: "/opt/mofc", args: ["lsp"] }],
    ["start", "mofc"],
  ], "restarts run one after the other");

  events.length = 0;
  await listeners["mofc.restartServer"]();
  assert.deepEqual(events.map((e) => e[0]), ["stop", "new", "start"]);
});

test("a server that cannot start is reported with the command it ran", async () => {
  const { extension, events } = loadExtension({ failStart: true, settings: { path: "nowhere/mofc" }, folder: null });
  await extension.activate(context());
  const [, message] = events.find((e) => e[0] === "error");
  assert.match(message, /could not start the language server \(`nowhere\/mofc lsp`\): spawn mofc ENOENT/);
  assert.match(message, /mofc\.server\.path/);
  // Nothing is left running to stop.
  events.length = 0;
  await extension.deactivate();
  assert.deepEqual(events, []);
});
