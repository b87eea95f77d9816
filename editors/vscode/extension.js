// The VS Code client of the mofc language server: starts `mofc lsp` for MOF files, and starts it
// again when its settings change or on the "MOF: Restart the language server" command.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { serverCommand } = require("./server");

/** @type {LanguageClient | undefined} */
let client;

function newClient({ command, args }) {
  // The client id "mofc" makes the library read the `mofc.trace.server` setting.
  return new LanguageClient(
    "mofc",
    "mofc",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "mof" },
        { scheme: "untitled", language: "mof" },
      ],
    },
  );
}

async function start() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const settings = vscode.workspace.getConfiguration("mofc.server");
  const server = serverCommand({ path: settings.get("path"), args: settings.get("args") }, folder);
  client = newClient(server);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `mofc: could not start the language server (\`${[server.command, ...server.args].join(" ")}\`): ` +
        `${error?.message ?? error}. Install mofc (\`cargo install --path .\`) or set mofc.server.path.`,
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "mofc.server");
    }
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

/** Restarts run one after another, however quickly the settings change. */
let restarting = Promise.resolve();

function restart() {
  restarting = restarting.then(stop).then(start);
  return restarting;
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("mofc.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("mofc.server")) {
        return restart();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
