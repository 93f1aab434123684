/**
 * BuildKit's "did you mean" (util/suggest): the closest option by Levenshtein distance, at most
 * 2 edits away, the first one found winning a tie. An exact match suggests nothing: the value
 * was right and the problem lies elsewhere.
 */

/**
 * Edit distance between two strings, counted in code points (as Go counts runes). With `limit`,
 * any distance of `limit` or more may be returned as `limit` (the search only needs to know it
 * is no better), which lets long lists of names be searched quickly.
 */
export function levenshtein(a: string, b: string, limit = Infinity): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) >= limit) return limit;
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= t.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (s[i - 1] === t[j - 1] ? 0 : 1);
      const cell = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(cell);
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (rowMinimum >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[t.length] ?? 0, limit);
}

/** Upper- or lower-cases the suggestion like the value the user wrote, when that is uniform. */
function matchCase(suggestion: string, written: string): string {
  if (written === written.toLowerCase()) return suggestion.toLowerCase();
  if (written === written.toUpperCase()) return suggestion.toUpperCase();
  return suggestion;
}

/** BuildKit's suggest.Search: the option the value most likely meant, or null. */
export function closestOption(value: string, options: Iterable<string>, caseSensitive: boolean): string | null {
  const wanted = caseSensitive ? value : value.toLowerCase();
  let match: string | null = null;
  let best = 3; // hcl's threshold, which BuildKit copies
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === wanted) return null;
    const distance = levenshtein(wanted, candidate, best);
    if (distance < best) {
      match = caseSensitive ? candidate : matchCase(candidate, value);
      best = distance;
    }
  }
  return match;
}

/** Every string made by deleting at most two code points of `word`. */
function deletions(word: string): Set<string> {
  const chars = Array.from(word);
  const out = new Set<string>([word]);
  for (let i = 0; i < chars.length; i++) {
    const once = [...chars.slice(0, i), ...chars.slice(i + 1)];
    out.add(once.join(''));
    for (let j = i; j < once.length; j++) out.add([...once.slice(0, j), ...once.slice(j + 1)].join(''));
  }
  return out;
}

/**
 * closestOption over a long list of names asked many times (UndefinedVar in a file with
 * thousands of variables): two names within edit distance 2 always share a string obtained by
 * deleting at most two characters from each, so an index of those finds the candidates without
 * comparing against every name. Short lists are simply scanned.
 */
export class NameIndex {
  private readonly positions = new Map<string, number>();
  private readonly byDeletion: Map<string, number[]> | null = null;

  constructor(private readonly names: readonly string[]) {
    names.forEach((name, i) => {
      if (!this.positions.has(name)) this.positions.set(name, i);
    });
    if (names.length > 64) {
      this.byDeletion = new Map();
      names.forEach((name, i) => {
        for (const variant of deletions(name)) {
          const list = this.byDeletion?.get(variant);
          if (list) list.push(i);
          else this.byDeletion?.set(variant, [i]);
        }
      });
    }
  }

  /** The case-sensitive suggestion for `value` among the names `available` accepts. */
  closest(value: string, available: (name: string) => boolean = () => true): string | null {
    let candidates: number[];
    if (this.byDeletion === null) candidates = this.names.map((_, i) => i);
    else {
      const found = new Set<number>();
      for (const variant of deletions(value)) for (const i of this.byDeletion.get(variant) ?? []) found.add(i);
      candidates = [...found].sort((a, b) => a - b);
    }
    let match: string | null = null;
    let best = 3;
    for (const i of candidates) {
      const name = this.names[i] ?? '';
      if (this.positions.get(name) !== i || !available(name)) continue;
      if (name === value) return null;
      const distance = levenshtein(value, name, best);
      if (distance < best) {
        match = name;
        best = distance;
      }
    }
    return match;
  }
}
