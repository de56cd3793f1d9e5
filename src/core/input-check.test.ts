// What every parsed document and request body is checked for before its schema: reserved keys
// (which a careless copy would turn into prototype pollution), NUL characters and deep nesting.

import { describe, expect, it } from 'vitest';
import {
  checkInput,
  formatValuePath,
  hasControlCharacter,
  MAX_INPUT_DEPTH,
} from './input-check.ts';

describe('checkInput', () => {
  it('finds reserved keys at any depth, with their paths, and does not look inside them', () => {
    const value = JSON.parse(
      '{"a":{"__proto__":{"x":1}},"list":[{"constructor":1},{"ok":{"prototype":{"__proto__":2}}}]}',
    ) as unknown;
    expect(checkInput(value).reservedKeys).toEqual([
      ['a', '__proto__'],
      ['list', 0, 'constructor'],
      ['list', 1, 'ok', 'prototype'],
    ]);
    expect(checkInput({ fine: { keys: [1, 'two'] } })).toEqual({
      reservedKeys: [],
      nulCharacters: [],
      loneSurrogates: [],
      tooDeep: null,
    });
  });

  it('finds NUL characters in keys and text values', () => {
    const found = checkInput({ name: 'a\u0000b', tags: ['ok', '\u0000'], ['k\u0000']: 1 });
    expect(found.nulCharacters).toEqual([['name'], ['tags', 1], ['k\u0000']]);
  });

  it('finds lone UTF-16 surrogates, and lets pairs (an emoji) through', () => {
    const found = checkInput({ rep: '\ud800', ok: 'a 😀', list: ['x\udfff'], ['\ud83d']: 1 });
    expect(found.loneSurrogates).toEqual([['rep'], ['list', 0], ['\ud83d']]);
  });

  it('stops at the depth no input needs, naming where', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH + 5; i++) deep = [deep];
    const found = checkInput({ value: deep });
    expect(found.tooDeep).toHaveLength(MAX_INPUT_DEPTH);
    expect(found.tooDeep?.[0]).toBe('value');
    // 100,000 levels are walked no further than the limit (no stack overflow).
    let deeper: unknown = 1;
    for (let i = 0; i < 100_000; i++) deeper = { d: deeper };
    expect(checkInput(deeper).tooDeep).toHaveLength(MAX_INPUT_DEPTH);
  });

  it('formats paths and recognises control characters', () => {
    expect(formatValuePath(['edits', 0, 'value', 'name'])).toBe('edits[0].value.name');
    expect(formatValuePath([])).toBe('(top level)');
    expect(hasControlCharacter('tab\there')).toBe(true);
    expect(hasControlCharacter('del\u007f')).toBe(true);
    expect(hasControlCharacter('Zoë – 東京 🚀')).toBe(false);
  });
});
