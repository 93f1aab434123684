/**
 * Which files `hutch lint` and the language server check, and where a Dockerfile's build
 * context ignore file is.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type LintableKind = 'dockerfile' | 'devcontainer';

/** Folders a walk never enters: dependencies and VCS metadata hold no files of the project's own. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The kind of file a name says it is: Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*
 * (Dockerfile.dev), devcontainer.json and .devcontainer.json. Per-Dockerfile ignore files
 * (`Dockerfile.dockerignore`) are not Dockerfiles.
 */
export function lintableKind(fileName: string): LintableKind | null {
  const name = basename(fileName);
  const lower = name.toLowerCase();
  if (lower === 'devcontainer.json' || lower === '.devcontainer.json') return 'devcontainer';
  if (lower.endsWith('.dockerignore')) return null;
  if (lower === 'dockerfile' || lower === 'containerfile') return 'dockerfile';
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  if (lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) return 'dockerfile';
  return null;
}

/** Every lintable file under dir, sorted, skipping node_modules and .git. */
export async function findLintableFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...(await findLintableFiles(path)));
    } else if (entry.isFile() && lintableKind(entry.name) !== null) {
      found.push(path);
    }
  }
  return found;
}

/**
 * The .dockerignore that applies when the Dockerfile's folder is the build context: BuildKit
 * first looks for `<Dockerfile name>.dockerignore` beside the Dockerfile, then `.dockerignore`
 * at the context root. Null when there is none.
 */
export async function readDockerignore(dockerfilePath: string): Promise<string | null> {
  for (const candidate of dockerignoreCandidates(dockerfilePath)) {
    const text = await readFile(candidate, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

export function dockerignoreCandidates(dockerfilePath: string): string[] {
  return [`${dockerfilePath}.dockerignore`, join(dirname(dockerfilePath), '.dockerignore')];
}
