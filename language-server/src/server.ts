/**
 * The Hutch language server (LSP over stdio): Dockerfiles and devcontainer.json files.
 *
 * The server owns the documents and their validation; the editor part stays thin. Validation
 * runs after a pause in typing (DEBOUNCE_MS), on the text of one version, and its result is
 * dropped if the document changed meanwhile. Linting itself is synchronous and fast; the files
 * it needs from the disk (.hadolint.yaml, .dockerignore, files a devcontainer.json names) are
 * read asynchronously and cached, so no request waits on the disk.
 *
 * Settings (workspace/configuration section "hutch", or didChangeConfiguration, or
 * initializationOptions): `hutch.lint.ignore` (rule ids) and `hutch.lint.severity` (rule id ->
 * error | warning | info | hint | off).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MarkupKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type Connection,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { devcontainerCompletions, devcontainerHover } from './devcontainer/index';
import { codeActionsFor, findingToDiagnostic } from './diagnostics';
import type { Dockerfile } from './dockerfile/ast';
import { dockerfileCompletions } from './dockerfile/completion';
import { dockerfileHover } from './dockerfile/hover';
import { definitionAt } from './dockerfile/navigation';
import { parseDockerfile } from './dockerfile/parser';
import { dockerfileSymbols } from './dockerfile/symbols';
import { FileTextCache } from './file-cache';
import type { Finding } from './findings';
import { lintDevcontainer, lintParsedDockerfile, withLintSettings, type LintSettings } from './lint';
import { DEFAULT_LINT_CONFIG, LintConfigCache, type LintConfig } from './lint-config';
import { dockerignoreCandidates, lintableKind, type LintableKind } from './lint-files';

/** A pause in typing this long starts validation. */
export const DEBOUNCE_MS = 150;
/** How many times a devcontainer.json check may ask for files not yet read (each round reads
 * them and checks again). */
const FILE_ROUNDS = 3;

interface Validated {
  version: number;
  findings: Finding[];
}

/** Which checker a document gets: by language id, else by file name. */
export function documentKind(document: { uri: string; languageId: string }): LintableKind | null {
  const name = decodeURIComponent(document.uri.split(/[/\\]/).pop() ?? '');
  const byName = lintableKind(name);
  if (document.languageId === 'dockerfile') return 'dockerfile';
  if (document.languageId === 'json' || document.languageId === 'jsonc') return byName === 'devcontainer' ? 'devcontainer' : null;
  return byName;
}

function filePath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** Reads `hutch.lint` settings as a client sends them; unusable values are left out. */
export function lintSettingsFrom(value: unknown): { settings: LintSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: LintSettings = {};
  const root = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const hutch = (root.hutch ?? root) as Record<string, unknown> | undefined;
  const lint = (typeof hutch === 'object' && hutch !== null ? (hutch.lint ?? hutch) : {}) as Record<string, unknown>;
  if (Array.isArray(lint.ignore)) settings.ignore = lint.ignore.filter((id): id is string => typeof id === 'string');
  else if (lint.ignore !== undefined) problems.push('hutch.lint.ignore must be a list of rule ids');
  if (typeof lint.severity === 'object' && lint.severity !== null && !Array.isArray(lint.severity)) {
    const severity: Record<string, string> = {};
    for (const [id, level] of Object.entries(lint.severity as Record<string, unknown>)) {
      if (typeof level !== 'string') continue;
      try {
        withLintSettings(DEFAULT_LINT_CONFIG, { severity: { [id]: level } });
        severity[id] = level;
      } catch (error) {
        problems.push(`hutch.lint.severity: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    settings.severity = severity;
  } else if (lint.severity !== undefined) problems.push('hutch.lint.severity must map rule ids to error, warning, info, hint or off');
  return { settings, problems };
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const files = new FileTextCache();
  const reportedConfigErrors = new Set<string>();
  const configs = new LintConfigCache((error) => {
    if (reportedConfigErrors.has(error.message)) return;
    reportedConfigErrors.add(error.message);
    void connection.window.showWarningMessage(`Hutch: ${error.message}`);
  });
  const timers = new Map<string, NodeJS.Timeout>();
  const validated = new Map<string, Validated>();
  const parsed = new Map<string, { version: number; dockerfile: Dockerfile }>();
  /** Files each devcontainer.json asked for last time: refreshed before the next check. */
  const devcontainerReads = new Map<string, Set<string>>();
  let settings: LintSettings = {};
  let pullsConfiguration = false;
  let watchesFiles = false;

  const parse = (document: TextDocument): Dockerfile => {
    const cached = parsed.get(document.uri);
    if (cached && cached.version === document.version) return cached.dockerfile;
    const dockerfile = parseDockerfile(document.getText());
    parsed.set(document.uri, { version: document.version, dockerfile });
    return dockerfile;
  };

  /** The nearest .hadolint.yaml with the editor's settings over it (an unsaved document has
   * no folder, so only the settings). */
  const configFor = async (path: string | null): Promise<LintConfig> =>
    withLintSettings(path === null ? DEFAULT_LINT_CONFIG : await configs.forDirectory(dirname(path)), settings);

  const lintDockerfileDocument = async (document: TextDocument, path: string | null): Promise<Finding[]> => {
    const config = await configFor(path);
    let dockerignore: string | null = null;
    if (path !== null) {
      for (const candidate of dockerignoreCandidates(path)) {
        dockerignore = await files.read(candidate);
        if (dockerignore !== null) break;
      }
    }
    return lintParsedDockerfile(parse(document), { path: path ?? document.uri, dockerignore, config });
  };

  const lintDevcontainerDocument = async (document: TextDocument, path: string | null): Promise<Finding[]> => {
    const config = await configFor(path);
    const known = devcontainerReads.get(document.uri) ?? new Set<string>();
    await Promise.all([...known].map((p) => files.load(p)));
    let findings: Finding[] = [];
    for (let round = 0; round < FILE_ROUNDS; round++) {
      const missing = new Set<string>();
      const readFile = (p: string): string | null => {
        known.add(p);
        const text = files.peekText(p);
        if (text === undefined) missing.add(p);
        return text ?? null;
      };
      const exists = (p: string): boolean => {
        known.add(p);
        const found = files.peekExists(p);
        if (found === undefined) missing.add(p);
        return found ?? false;
      };
      // VS Code already checks devcontainer.json against the spec's schema: only what it cannot
      // see is reported here (docs/devcontainer-checks.md#double-reporting).
      findings = lintDevcontainer(document.getText(), { path: path ?? document.uri, readFile, exists, schemaFindings: false, config });
      if (missing.size === 0) break;
      await Promise.all([...missing].map((p) => files.load(p)));
    }
    devcontainerReads.set(document.uri, known);
    return findings;
  };

  const validate = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const kind = documentKind(document);
    if (kind === null) return;
    const version = document.version;
    const path = filePath(uri);
    let findings: Finding[];
    try {
      findings = kind === 'dockerfile' ? await lintDockerfileDocument(document, path) : await lintDevcontainerDocument(document, path);
    } catch (error) {
      connection.console.error(`hutch: checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    // A newer version is on its way (its own validation is scheduled): do not show stale results.
    if (documents.get(uri)?.version !== version) return;
    validated.set(uri, { version, findings });
    await connection.sendDiagnostics({ uri, version, diagnostics: findings.map(findingToDiagnostic) });
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  };

  const revalidateAll = (): void => {
    for (const document of documents.all()) schedule(document.uri, 0);
  };

  const applySettings = (value: unknown): void => {
    const { settings: next, problems } = lintSettingsFrom(value);
    for (const problem of problems) void connection.window.showWarningMessage(`Hutch: ${problem}`);
    settings = next;
    revalidateAll();
  };

  const pullSettings = async (): Promise<void> => {
    const value: unknown = await connection.workspace.getConfiguration('hutch');
    applySettings({ hutch: value ?? {} });
  };

  connection.onInitialize((params): InitializeResult => {
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    watchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (params.initializationOptions !== undefined && params.initializationOptions !== null) {
      settings = lintSettingsFrom(params.initializationOptions).settings;
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['-', '=', '$', '{', '"'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        definitionProvider: true,
      },
      serverInfo: { name: 'hutch' },
    };
  });

  connection.onInitialized(() => {
    // .hadolint.yaml and .dockerignore changed outside the editor: checked again (the caches
    // see the new modification time).
    if (watchesFiles) {
      const watchers = ['**/.hadolint.yaml', '**/.hadolint.yml', '**/.dockerignore', '**/*.dockerignore'].map((globPattern) => ({ globPattern }));
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
    if (!pullsConfiguration) return;
    void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    void pullSettings().catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles(() => revalidateAll());

  connection.onDidChangeConfiguration((change) => {
    // Clients that push settings send them here; clients of the pull model send a bare
    // notification (VS Code: settings null) and answer workspace/configuration instead.
    const pushed: unknown = change.settings;
    if (typeof pushed === 'object' && pushed !== null && 'hutch' in pushed) applySettings(pushed);
    else if (pullsConfiguration) void pullSettings().catch(() => undefined);
  });

  // TextDocuments fires onDidOpen and then onDidChangeContent for an opened document: the
  // opened one is checked at once, later edits after the pause.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => schedule(event.document.uri, justOpened.delete(event.document.uri) ? 0 : DEBOUNCE_MS));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    justOpened.delete(uri);
    validated.delete(uri);
    parsed.delete(uri);
    devcontainerReads.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onHover((params): Hover | null => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const kind = documentKind(document);
    if (kind === 'dockerfile') return dockerfileHover(parse(document), params.position);
    if (kind === 'devcontainer') return devcontainerHoverResult(document, params.position);
    return null;
  });

  connection.onCompletion((params): CompletionItem[] => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const kind = documentKind(document);
    if (kind === 'dockerfile') return dockerfileCompletions(parse(document), params.position);
    if (kind === 'devcontainer') return devcontainerCompletionItems(document, params.position);
    return [];
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    if (params.context.only && !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
    const result = validated.get(document.uri);
    if (!result || result.version !== document.version) return [];
    const dockerfile = documentKind(document) === 'dockerfile' ? parse(document) : null;
    return codeActionsFor(document.uri, result.findings, params.range, dockerfile);
  });

  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || documentKind(document) !== 'dockerfile') return [];
    return dockerfileSymbols(parse(document));
  });

  connection.onDefinition((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || documentKind(document) !== 'dockerfile') return null;
    const range = definitionAt(parse(document), params.position);
    return range ? { uri: document.uri, range } : null;
  });

  documents.listen(connection);
  connection.listen();
}

function devcontainerHoverResult(document: TextDocument, position: { line: number; character: number }): Hover | null {
  const hover = devcontainerHover(document.getText(), document.offsetAt(position));
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.contents }, range: hover.range } : null;
}

function devcontainerCompletionItems(document: TextDocument, position: { line: number; character: number }): CompletionItem[] {
  return devcontainerCompletions(document.getText(), document.offsetAt(position)).map((item) => ({
    label: item.label,
    kind: item.insertText.startsWith(`${JSON.stringify(item.label)}:`) ? CompletionItemKind.Property : CompletionItemKind.Value,
    detail: item.detail,
    documentation: { kind: MarkupKind.Markdown, value: item.documentation },
    insertText: item.insertText,
  }));
}

if (require.main === module) {
  // createConnection reads the transport from the command line: --stdio, --node-ipc, --socket=N.
  startServer(createConnection(ProposedFeatures.all));
}
