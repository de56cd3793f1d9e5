// Checks every parsed document and request body gets before its schema: keys that name parts of
// JavaScript's object machinery, and NUL characters.
//
// `__proto__`, `constructor` and `prototype`: no input of quotaplan uses them, and a parser that
// copies such a key into a plain object changes that object's prototype instead of adding a key
// (prototype pollution), while a lookup such as `roles[code]` finds Object's own function. Inputs
// that hold one are refused like any other unknown key.
//
// NUL (U+0000): no text of a plan, a mapping or a request means it, and PostgreSQL cannot store
// it in a text or JSON column (the write fails). Nor can it store a lone UTF-16 surrogate (JSON
// allows "\ud800"; it is no character of any text).

/** A path into a parsed value: object keys and list positions. */
export type ValuePath = (string | number)[];

/** The keys refused in every document and request body. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** A UTF-16 surrogate not in a pair: with the `u` flag, only a lone one matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Nesting no document or request of quotaplan needs; deeper values are refused as such. */
export const MAX_INPUT_DEPTH = 32;

export interface InputFindings {
  /** Paths of reserved keys, outermost first. */
  reservedKeys: ValuePath[];
  /** Paths of keys or text values holding a NUL character (a key's path ends with the key). */
  nulCharacters: ValuePath[];
  /** Paths of keys or text values holding a lone UTF-16 surrogate (not well-formed Unicode). */
  loneSurrogates: ValuePath[];
  /** The path of the first value nested deeper than MAX_INPUT_DEPTH, if any. */
  tooDeep: ValuePath | null;
}

/**
 * What is wrong with a parsed value (JSON or YAML turned into objects, lists and scalars) before
 * any schema looks at it. Does not descend below MAX_INPUT_DEPTH (the value is refused anyway),
 * and stops collecting after `limit` findings of each kind.
 */
export function checkInput(value: unknown, limit = 20): InputFindings {
  const found: InputFindings = {
    reservedKeys: [],
    nulCharacters: [],
    loneSurrogates: [],
    tooDeep: null,
  };
  const text = (value: string, path: ValuePath): void => {
    if (value.includes('\u0000') && found.nulCharacters.length < limit) {
      found.nulCharacters.push(path);
    }
    if (LONE_SURROGATE.test(value) && found.loneSurrogates.length < limit) {
      found.loneSurrogates.push(path);
    }
  };
  const visit = (node: unknown, path: ValuePath): void => {
    if (typeof node === 'string') {
      text(node, path);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (path.length >= MAX_INPUT_DEPTH) {
      found.tooDeep ??= path;
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...path, i]);
      });
      return;
    }
    for (const key of Object.getOwnPropertyNames(node)) {
      const at = [...path, key];
      text(key, at);
      if (RESERVED_KEYS.includes(key)) {
        if (found.reservedKeys.length < limit) found.reservedKeys.push(at);
      } else {
        visit((node as Record<string, unknown>)[key], at);
      }
    }
  };
  visit(value, []);
  return found;
}

/** True when `text` holds a C0 control character (NUL, tab, line breaks…) or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** 'files[0].columns.amount'; '(top level)' for the empty path. */
export function formatValuePath(path: ValuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}
