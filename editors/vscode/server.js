// How the server is started, from the settings. No `vscode` import, so that the tests can run
// it under plain Node.
"use strict";

const os = require("os");
const path = require("path");

const DEFAULT_COMMAND = "mofc";
const DEFAULT_ARGS = ["lsp"];

/**
 * The command and arguments that start the server.
 * @param {{ path?: unknown, args?: unknown }} settings the `mofc.server` settings
 * @param {string | undefined} workspaceFolder the first workspace folder's path, if any
 * @returns {{ command: string, args: string[] }}
 */
function serverCommand(settings, workspaceFolder) {
  const configured = typeof settings.path === "string" ? settings.path.trim() : "";
  const args = Array.isArray(settings.args) && settings.args.every((a) => typeof a === "string")
    ? settings.args
    : DEFAULT_ARGS;
  return { command: resolveCommand(configured || DEFAULT_COMMAND, workspaceFolder), args };
}

/**
 * A bare name is looked up on PATH by the system; `~/` is the home folder; any other relative
 * path is taken from the workspace folder (where a `target/release/mofc` would be).
 */
function resolveCommand(command, workspaceFolder) {
  if (command === "~" || command.startsWith("~/") || command.startsWith("~\\")) {
    return path.join(os.homedir(), command.slice(1));
  }
  const isBareName = !command.includes("/") && !command.includes("\\");
  if (isBareName || path.isAbsolute(command) || workspaceFolder === undefined) {
    return command;
  }
  return path.resolve(workspaceFolder, command);
}

module.exports = { serverCommand, DEFAULT_COMMAND, DEFAULT_ARGS };
