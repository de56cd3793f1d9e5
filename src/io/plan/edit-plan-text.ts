// Edits a plan file's YAML text by key path, keeping its comments and layout: how the server turns
// "set the target", "override a weight" or "confirm an input" into the text of a new version.

import { isMap, isSeq, parseDocument, YAMLMap } from 'yaml';
import type { Document } from 'yaml';
import type { KeyPath } from '../../contracts/plan-file.ts';
import type { Confirmation } from '../../core/plan/types.ts';

/** One change: set the value at `path`, or remove the key when `value` is undefined. */
export interface PlanEdit {
  path: KeyPath;
  value?: unknown;
}

/** The text could not be edited (it does not parse, or a path runs through a scalar). */
export class PlanEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanEditError';
  }
}

function parse(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new PlanEditError(`the plan text does not parse: ${doc.errors[0]?.message ?? ''}`);
  }
  if (!isMap(doc.contents)) throw new PlanEditError('the plan text is not a YAML mapping');
  return doc;
}

function applyEdit(doc: Document, edit: PlanEdit): void {
  const path = [...edit.path];
  if (path.length === 0) throw new PlanEditError('an edit needs a key path');
  // Every parent on the way must be a collection; missing ones are created as mappings.
  for (let n = 1; n < path.length; n++) {
    const parent = doc.getIn(path.slice(0, n), true);
    if (parent === undefined || parent === null) {
      if (edit.value === undefined) return;
      doc.setIn(path.slice(0, n), new YAMLMap());
    } else if (!isMap(parent) && !isSeq(parent)) {
      throw new PlanEditError(`${path.slice(0, n).join('.')} is a value, not a section`);
    }
  }
  if (edit.value === undefined) {
    doc.deleteIn(path);
  } else {
    doc.setIn(path, doc.createNode(edit.value));
  }
}

/** The text with the edits applied in order; comments and key order are kept. */
export function editPlanText(text: string, edits: readonly PlanEdit[]): string {
  const doc = parse(text);
  for (const edit of edits) {
    try {
      applyEdit(doc, edit);
    } catch (error) {
      // The yaml library's own refusals (a text key into a list, an alias in the way).
      if (error instanceof PlanEditError || !(error instanceof Error)) throw error;
      throw new PlanEditError(`${edit.path.join('.')}: ${error.message}`);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Marks inputs CONFIRMED (by, at) under `confirmed:`, or ASSUMED again when `confirmation` is
 * null (the entry is removed). Keys are the register's key paths ('target', 'roles.AE.ramp').
 */
export function setConfirmations(
  text: string,
  keys: readonly string[],
  confirmation: Confirmation | null,
): string {
  const doc = parse(text);
  for (const key of keys) {
    if (confirmation === null) {
      doc.deleteIn(['confirmed', key]);
      continue;
    }
    if (!isMap(doc.get('confirmed', true))) doc.set('confirmed', new YAMLMap());
    const node = doc.createNode({ by: confirmation.by, at: confirmation.at });
    node.flow = true;
    doc.setIn(['confirmed', key], node);
  }
  const confirmed = doc.get('confirmed', true);
  if (isMap(confirmed) && confirmed.items.length === 0) doc.delete('confirmed');
  return doc.toString({ lineWidth: 0 });
}
