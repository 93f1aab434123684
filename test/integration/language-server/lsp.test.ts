/**
 * The language server as an editor runs it: the shipped bundle (dist/language-server.js) as a
 * child process speaking LSP over stdio, driven by vscode-jsonrpc's client side. Pins down:
 * diagnostics published on open and again after an edit (debounced), hover on an instruction,
 * completion of stage names after `--from=`, a quick fix for a casing finding, settings from
 * the client (hutch.lint.ignore), devcontainer.json checks and hover, document symbols,
 * go-to-definition, and a clean shutdown/exit. Needs `npm run build`; no root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  PublishDiagnosticsParams,
  TextEdit,
} from 'vscode-languageserver';

import { packageRoot } from '../../../helper/src/runtime/native-addon';

const SERVER = join(packageRoot(), 'dist', 'language-server.js');
/** Far above the server's 150 ms debounce; bounds every wait so a hung server fails the test. */
const WAIT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('hutch language server over stdio', () => {
  let child: ChildProcess;
  let connection: MessageConnection;
  let folder: string;
  let stderr = '';
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<{ match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];

  /** The next publishDiagnostics for uri that satisfies match (or one already received). */
  function diagnosticsFor(uri: string, match: (d: Diagnostic[]) => boolean, what: string): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams): boolean => p.uri === uri && match(p.diagnostics);
    const seen = [...published].reverse().find((p) => p.uri === uri);
    if (seen && test(seen)) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => waiters.push({ match: test, resolve })), `${what} (stderr: ${stderr})`);
  }

  const dockerfileUri = (): string => pathToFileURL(join(folder, 'Dockerfile')).href;

  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`npm run build\``);
    folder = mkdtempSync(join(tmpdir(), 'hutch-lsp-'));
    writeFileSync(join(folder, 'Dockerfile'), '');
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      published.push(params);
      for (const waiter of [...waiters]) {
        if (waiter.match(params)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    // The server may ask for settings or to register for configuration changes: answer as a
    // client with no settings does.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('window/showMessage', () => undefined);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();
    const result = await withTimeout(
      connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(folder).href,
        capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
        workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'test' }],
      }),
      'initialize result',
    );
    assert.ok(result.capabilities.hoverProvider, 'hover is offered');
    assert.ok(result.capabilities.completionProvider, 'completion is offered');
    await connection.sendNotification('initialized', {});
  });

  after(async () => {
    try {
      if (child.exitCode === null && child.signalCode === null) {
        await withTimeout(connection.sendRequest('shutdown'), 'shutdown reply').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
        await withTimeout(new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))), 'exit').catch(() => undefined);
      }
    } finally {
      connection?.dispose();
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('diagnostics are published on open, with the rule id as code, a docs link and source hutch', async () => {
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: dockerfileUri(), languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20 AS Build\nmaintainer someone\n' },
    });
    const { diagnostics, version } = await diagnosticsFor(dockerfileUri(), (d) => d.some((x) => x.code === 'StageNameCasing'), 'StageNameCasing diagnostic');
    assert.equal(version, 1);
    const casing = diagnostics.find((d) => d.code === 'StageNameCasing') as Diagnostic;
    assert.equal(casing.source, 'hutch');
    assert.match(casing.codeDescription?.href ?? '', /^https:\/\//);
    assert.deepEqual(casing.range.start, { line: 0, character: 20 });
    assert.ok(diagnostics.some((d) => d.code === 'MaintainerDeprecated'), JSON.stringify(diagnostics));
  });

  test('an edit re-validates: fixed problems go, new ones come', async () => {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: dockerfileUri(), version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } }, text: 'FROM alpine:3.20 AS build' }],
    });
    const { diagnostics, version } = await diagnosticsFor(dockerfileUri(), (d) => !d.some((x) => x.code === 'MaintainerDeprecated'), 'diagnostics after the edit');
    assert.equal(version, 2);
    assert.ok(diagnostics.some((d) => d.code === 'StageNameCasing'), 'the unchanged line still has its finding');
  });

  test('settings from the client (hutch.lint.ignore) drop a rule', async () => {
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { hutch: { lint: { ignore: ['StageNameCasing'] } } } });
    await diagnosticsFor(dockerfileUri(), (d) => !d.some((x) => x.code === 'StageNameCasing'), 'diagnostics without the ignored rule');
  });

  test('hover on an instruction shows its documentation', async () => {
    const hover = await withTimeout(
      connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: dockerfileUri() }, position: { line: 0, character: 2 } }),
      'hover',
    );
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /\*\*FROM\*\*/);
    assert.match(value, /docs\.docker\.com\/reference\/dockerfile\/#from/);
  });

  test('completion after --from= lists the earlier stages', async () => {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: dockerfileUri(), version: 3 },
      contentChanges: [{ text: 'FROM x AS a\nFROM y\nCOPY --from=' }],
    });
    const result = await withTimeout(
      connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri: dockerfileUri() },
        position: { line: 2, character: 12 },
      }),
      'completion',
    );
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    assert.deepEqual(
      items.map((i) => i.label),
      ['a'],
    );
  });

  test('a casing finding has a quick fix that rewrites the name', async () => {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: dockerfileUri(), version: 4 },
      contentChanges: [{ text: 'FROM alpine:3.20 AS Build\nRUN echo hi\n' }],
    });
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { hutch: { lint: { ignore: [] } } } });
    const { diagnostics } = await diagnosticsFor(dockerfileUri(), (d) => d.some((x) => x.code === 'StageNameCasing'), 'StageNameCasing after the rewrite');
    const casing = diagnostics.find((d) => d.code === 'StageNameCasing') as Diagnostic;
    const actions = await withTimeout(
      connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: dockerfileUri() },
        range: casing.range,
        context: { diagnostics: [casing] },
      }),
      'code actions',
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    const edits = fix.edit?.changes?.[dockerfileUri()] as TextEdit[];
    assert.ok(edits.some((e) => e.newText === 'build'), JSON.stringify(edits));
    assert.ok(actions.some((a) => a.title === 'Ignore StageNameCasing for this instruction'));
  });

  test('devcontainer.json: checks that need the disk (read asynchronously), no schema duplicates, hover on keys', async () => {
    mkdirSync(join(folder, '.devcontainer'));
    writeFileSync(join(folder, '.devcontainer', 'app.Dockerfile'), 'FROM alpine:3.20\n');
    const uri = pathToFileURL(join(folder, '.devcontainer', 'devcontainer.json')).href;
    const text = '{\n  // comment\n  "build": { "dockerfile": "missing.Dockerfile" },\n  "forwardPorts": [99999]\n}\n';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jsonc', version: 1, text } });
    const { diagnostics } = await diagnosticsFor(uri, (d) => d.length > 0, 'devcontainer.json diagnostics');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['devcontainer/dockerfile-not-found'],
      'the schema problem (port 99999) is left to the editor, which validates the schema',
    );
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: text.replace('missing.Dockerfile', 'app.Dockerfile') }],
    });
    await diagnosticsFor(uri, (d) => d.length === 0, 'devcontainer.json diagnostics once the Dockerfile exists');
    const hover = await withTimeout(connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } }), 'hover');
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /forwardPorts/);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  test('document symbols list the stages; definition jumps from --from= to the stage name', async () => {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: dockerfileUri(), version: 5 },
      contentChanges: [{ text: 'FROM alpine:3.20 AS base\nARG V=1\nRUN echo $V\nFROM base AS app\nCOPY --from=base /a /b\n' }],
    });
    const symbols = await withTimeout(connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: dockerfileUri() } }), 'symbols');
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['base', 'app'],
    );
    const stage = await withTimeout(
      connection.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri: dockerfileUri() }, position: { line: 4, character: 14 } }),
      'definition',
    );
    assert.deepEqual(stage?.range, { start: { line: 0, character: 20 }, end: { line: 0, character: 24 } });
    const variable = await withTimeout(
      connection.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri: dockerfileUri() }, position: { line: 2, character: 10 } }),
      'definition',
    );
    assert.deepEqual(variable?.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } });
  });
});
