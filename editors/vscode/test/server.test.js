// How the client starts the server (server.js), and that what it starts speaks LSP: the mofc
// binary (MOFC_BIN, or the project's target/debug/mofc) started with the default arguments,
// given a MOF document with an error, publishes a diagnostic for it.
"use strict";

const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { serverCommand } = require("../server");

test("the defaults run `mofc lsp` from PATH", () => {
  assert.deepEqual(serverCommand({}, "/ws"), { command: "mofc", args: ["lsp"] });
  assert.deepEqual(serverCommand({ path: "  ", args: undefined }, "/ws"), { command: "mofc", args: ["lsp"] });
});

test("the path setting: a bare name, ~/, absolute, relative to the workspace folder", () => {
  assert.equal(serverCommand({ path: "mofc-nightly" }, "/ws").command, "mofc-nightly");
  assert.equal(serverCommand({ path: "~/bin/mofc" }, "/ws").command, path.join(os.homedir(), "bin/mofc"));
  assert.equal(serverCommand({ path: "/opt/mofc/bin/mofc" }, "/ws").command, "/opt/mofc/bin/mofc");
  assert.equal(serverCommand({ path: "target/release/mofc" }, "/ws").command, path.resolve("/ws/target/release/mofc"));
  assert.equal(serverCommand({ path: "./mofc" }, undefined).command, "./mofc");
});

test("the args setting replaces the arguments; a malformed one is ignored", () => {
  assert.deepEqual(serverCommand({ args: ["run", "--quiet", "--", "lsp"] }, "/ws").args, ["run", "--quiet", "--", "lsp"]);
  assert.deepEqual(serverCommand({ args: [] }, "/ws").args, []);
  assert.deepEqual(serverCommand({ args: "lsp --verbose" }, "/ws").args, ["lsp"]);
  assert.deepEqual(serverCommand({ args: ["lsp", 3] }, "/ws").args, ["lsp"]);
});

const BINARY = process.env.MOFC_BIN ?? path.resolve(__dirname, "..", "..", "..", "target", "debug", "mofc");
// CI names the binary: there it must be present, not skipped.
const skip = process.env.MOFC_BIN || fs.existsSync(BINARY) ? false : `no mofc binary at ${BINARY} (set MOFC_BIN)`;

/** Reads LSP messages (Content-Length framed JSON) from a stream. */
function messages(stream, onMessage) {
  let buffer = Buffer.alloc(0);
  stream.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      onMessage(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8")));
      buffer = buffer.subarray(headerEnd + 4 + length);
    }
  });
}

test("the server the client starts publishes diagnostics for a mof document", { skip, timeout: 60_000 }, async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mofc-vscode-"));
  const { command, args } = serverCommand({ path: BINARY }, folder);
  const server = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    server.stdin.write(body);
  };
  const waiting = [];
  const received = [];
  messages(server.stdout, (message) => {
    received.push(message);
    for (const wait of waiting.splice(0)) wait();
  });
  const next = async (predicate) => {
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      await new Promise((resolve) => waiting.push(resolve));
    }
  };
  const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));

  const uri = `file://${path.join(folder, "broken.mof")}`;
  send({ id: 1, method: "initialize", params: { processId: process.pid, rootUri: `file://${folder}`, capabilities: {} } });
  const initialized = await next((m) => m.id === 1);
  assert.ok(initialized.result.capabilities.hoverProvider, JSON.stringify(initialized));
  send({ method: "initialized", params: {} });
  send({
    method: "textDocument/didOpen",
    params: { textDocument: { uri, languageId: "mof", version: 1, text: "class Sample_A : Sample_Missing {\n};\n" } },
  });
  const published = await next((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri);
  assert.deepEqual(published.params.diagnostics.map((d) => [d.code, d.range.start.line]), [["E0301", 0]]);
  send({ id: 2, method: "shutdown" });
  await next((m) => m.id === 2);
  send({ method: "exit" });
  assert.equal(await exited, 0);
  fs.rmSync(folder, { recursive: true });
});
