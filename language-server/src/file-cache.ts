/**
 * Files the language server reads beside a document (.dockerignore, the files a
 * devcontainer.json names), read asynchronously so validation never blocks the connection, and
 * re-read only when their modification time or size changed.
 */
import { readFile, stat } from 'node:fs/promises';

interface Entry {
  /** null: the file does not exist (or is not a readable file). */
  text: string | null;
  isFile: boolean;
  exists: boolean;
  mtimeMs: number;
  size: number;
}

export class FileTextCache {
  private readonly entries = new Map<string, Entry>();

  /** The file's text, or null when it is missing or not a file. */
  async read(path: string): Promise<string | null> {
    return (await this.load(path)).text;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.load(path)).exists;
  }

  /** What was last loaded for path, without touching the disk; undefined if never loaded. */
  peekText(path: string): string | null | undefined {
    return this.entries.get(path)?.text;
  }

  peekExists(path: string): boolean | undefined {
    return this.entries.get(path)?.exists;
  }

  /** Refreshes an entry from the disk (stat first; the content only when it changed). */
  async load(path: string): Promise<Entry> {
    const info = await stat(path).catch(() => null);
    if (info === null) {
      const missing: Entry = { text: null, isFile: false, exists: false, mtimeMs: 0, size: 0 };
      this.entries.set(path, missing);
      return missing;
    }
    const cached = this.entries.get(path);
    if (cached && cached.exists && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const text = info.isFile() ? await readFile(path, 'utf8').catch(() => null) : null;
    const entry: Entry = { text, isFile: info.isFile(), exists: true, mtimeMs: info.mtimeMs, size: info.size };
    this.entries.set(path, entry);
    return entry;
  }
}
