/**
 * How BuildKit's parser splits the arguments of ENV, LABEL and ARG (parser/line_parsers.go)
 * and of the whitespace-separated instructions (COPY, ADD, VOLUME, EXPOSE, FROM). The values
 * are kept as written, quotes included: quotes are removed later, when the value is expanded.
 */
import { goQuoted } from './go-quote';

/** BuildKit's parseWords: split at whitespace outside quotes; quotes and escapes are kept. */
export function splitWords(text: string, escapeChar: string): string[] {
  const words: string[] = [];
  const chars = Array.from(text);
  let word = '';
  let inWord = false;
  let quote = '';
  let blankOk = false;
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i] ?? '';
    if (!inWord) {
      if (/\s/u.test(ch)) continue;
      inWord = true;
    }
    if (quote === '') {
      if (/\s/u.test(ch)) {
        if (blankOk || word.length > 0) words.push(word);
        word = '';
        blankOk = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escapeChar) {
        if (i + 1 === chars.length) continue; // an escape at the very end is dropped
        // Outside quotes the escape and the character after it stay together, even a quote.
        word += ch;
        i++;
        ch = chars[i] ?? '';
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      quote = '';
    } else if (ch === escapeChar && quote !== "'") {
      // Inside double quotes the escape character escapes; inside single quotes nothing does.
      if (i + 1 === chars.length) continue;
      word += ch;
      i++;
      ch = chars[i] ?? '';
    }
    word += ch;
  }
  if (inWord && (blankOk || word.length > 0)) words.push(word);
  return words;
}

export interface KeyValue {
  key: string;
  value: string;
  /** Written in the legacy `KEY name value` form (no '='). */
  legacy: boolean;
}

/** Why BuildKit rejects arguments: too few of them, or a malformed one. */
export interface ArgumentError {
  kind: 'arity' | 'syntax';
  message: string;
}

export interface KeyValueParse {
  pairs: KeyValue[];
  error: ArgumentError | null;
}

/**
 * ENV and LABEL arguments: `name=value ...`, or the legacy `name value` (all the rest is the
 * value), told apart by whether the first word holds an '='. `keyword` names the instruction in
 * BuildKit's messages.
 */
export function parseKeyValues(text: string, escapeChar: string, keyword: string): KeyValueParse {
  const trimmed = text.trim();
  const words = splitWords(trimmed, escapeChar);
  if (words.length === 0) return { pairs: [], error: { kind: 'arity', message: `${keyword} requires at least one argument` } };
  if (!(words[0] ?? '').includes('=')) {
    const match = /^(\S+)\s+([\s\S]*)$/u.exec(trimmed);
    if (!match) return { pairs: [], error: { kind: 'arity', message: `${keyword} must have two arguments` } };
    return { pairs: [{ key: match[1] ?? '', value: match[2] ?? '', legacy: true }], error: null };
  }
  const pairs: KeyValue[] = [];
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals < 0) return { pairs, error: { kind: 'syntax', message: `Syntax error - can't find = in ${goQuoted(word)}. Must be of the form: name=value` } };
    const key = word.slice(0, equals);
    if (key === '') return { pairs, error: { kind: 'syntax', message: `${keyword} names can not be blank` } };
    pairs.push({ key, value: word.slice(equals + 1), legacy: false });
  }
  return { pairs, error: null };
}

export interface ArgDefinition {
  name: string;
  /** The default as written (quotes kept), or null for `ARG NAME`. */
  defaultValue: string | null;
}

export interface ArgParse {
  definitions: ArgDefinition[];
  error: ArgumentError | null;
}

/** ARG arguments: one or more `NAME` or `NAME=default`. */
export function parseArgDefinitions(text: string, escapeChar: string): ArgParse {
  const words = splitWords(text.trim(), escapeChar);
  if (words.length === 0) return { definitions: [], error: { kind: 'arity', message: 'ARG requires at least one argument' } };
  const definitions: ArgDefinition[] = [];
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals < 0) {
      definitions.push({ name: word, defaultValue: null });
      continue;
    }
    const name = word.slice(0, equals);
    if (name === '') return { definitions, error: { kind: 'syntax', message: 'ARG names can not be blank' } };
    definitions.push({ name, defaultValue: word.slice(equals + 1) });
  }
  return { definitions, error: null };
}

/** COPY, ADD, VOLUME, EXPOSE in shell form: split at whitespace only (quotes are not special). */
export function splitAtWhitespace(text: string): string[] {
  const trimmed = text.replace(/^[\t\v\f\r ]+|[\t\v\f\r ]+$/g, '');
  return trimmed === '' ? [] : trimmed.split(/[\t\v\f\r ]+/);
}
