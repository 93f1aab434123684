/**
 * .dockerignore as Docker reads and matches it (moby/patternmatcher and its ignorefile
 * package): one pattern a line, `#` comment lines, `!` exceptions where the last matching
 * pattern wins, `*` and `?` within one path component, `**` across any number of components,
 * `[...]` classes and `\` escapes. A path is excluded when it or one of its parent folders
 * matches.
 */

/** Go's path.Clean: lexical normalisation of a slash-separated path. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** The patterns of a .dockerignore file, normalised as Docker does (ignorefile.ReadAll). */
export function readDockerignorePatterns(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    // A comment is a line starting with '#', before any trimming.
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const exception = pattern.startsWith('!');
    if (exception) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      // Absolute paths are relative to the context root.
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(exception ? `!${pattern}` : pattern);
  }
  return patterns;
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

export interface IgnorePattern {
  /** The pattern without its '!'. */
  readonly text: string;
  readonly exception: boolean;
  matches(path: string): boolean;
}

function compile(text: string): { kind: MatchKind; regexp: RegExp | null } {
  const chars = Array.from(text);
  let source = '^';
  let kind: MatchKind = 'exact';
  let i = 0;
  for (let index = 0; index < chars.length; i++) {
    const ch = chars[index++] ?? '';
    if (ch === '*') {
      if (chars[index] === '*') {
        index++;
        // `**/` is the same as `**`.
        if (chars[index] === '/') index++;
        if (index >= chars.length) {
          // A trailing `**` matches everything below, as in .gitignore.
          if (kind === 'exact') kind = 'prefix';
          else {
            source += '.*';
            kind = 'regexp';
          }
        } else {
          source += '(.*/)?';
          kind = 'regexp';
        }
        if (i === 0) kind = 'suffix';
      } else {
        source += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      source += '[^/]';
      kind = 'regexp';
    } else if ('.+()|{}$^'.includes(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      if (index < chars.length) {
        source += `\\${chars[index++] ?? ''}`;
        kind = 'regexp';
      } else {
        source += '\\\\';
      }
    } else if (ch === '[' || ch === ']') {
      source += ch;
      kind = 'regexp';
    } else {
      source += ch;
    }
  }
  if (kind !== 'regexp') return { kind, regexp: null };
  try {
    return { kind, regexp: new RegExp(`${source}$`, 'u') };
  } catch {
    // Docker rejects such a pattern (filepath.ErrBadPattern); it matches nothing here.
    return { kind, regexp: /$^/ };
  }
}

function pattern(line: string): IgnorePattern | null {
  let text = cleanPath(line.trim());
  if (line.trim() === '') return null;
  const exception = text.startsWith('!');
  if (exception) text = text.slice(1);
  let compiled: ReturnType<typeof compile> | null = null;
  return {
    text,
    exception,
    matches(path: string): boolean {
      compiled ??= compile(text);
      switch (compiled.kind) {
        case 'exact':
          return path === text;
        case 'prefix':
          return path.startsWith(text.slice(0, -2));
        case 'suffix': {
          const suffix = text.slice(2);
          if (path.endsWith(suffix)) return true;
          // `**/foo` also matches `foo` itself.
          return suffix.startsWith('/') && path === suffix.slice(1);
        }
        case 'regexp':
          return compiled.regexp?.test(path) ?? false;
      }
    },
  };
}

export class DockerignoreMatcher {
  readonly patterns: readonly IgnorePattern[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map(pattern).filter((p): p is IgnorePattern => p !== null && p.text !== '');
  }

  static fromFile(text: string): DockerignoreMatcher {
    return new DockerignoreMatcher(readDockerignorePatterns(text));
  }

  /** True when some pattern is an exception (`!pattern`). */
  get hasExceptions(): boolean {
    return this.patterns.some((p) => p.exception);
  }

  /** Whether `path` (relative, slash-separated) or one of its parent folders is excluded. */
  matchesOrParentMatches(path: string): boolean {
    let matched = false;
    const parent = dirname(path);
    const parentParts = parent.split('/');
    for (const p of this.patterns) {
      // An exclusion can only change a path not yet excluded, an exception one that is.
      if (p.exception !== matched) continue;
      let match = p.matches(path);
      if (!match && parent !== '.') {
        for (let i = 0; i < parentParts.length && !match; i++) match = p.matches(parentParts.slice(0, i + 1).join('/'));
      }
      if (match) matched = !p.exception;
    }
    return matched;
  }
}

/** Go's filepath.Dir for slash-separated paths. */
function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  return cleanPath(path.slice(0, slash + 1));
}
