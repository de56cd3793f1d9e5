// Demo use case: load the Maven CRM sample (public domain, kept in data/maven) into a workspace so
// a fresh clone has real data to audit and measure.

import { join } from 'node:path';
import { importFiles, type ImportOutcome } from './import-service.ts';
import type { WorkspaceRequest } from './workspace.ts';

export const DEMO_DATA_DIR = join(import.meta.dirname, '..', '..', 'data', 'maven');

export const DEMO_FILES = [
  'sales_teams.csv',
  'accounts.csv',
  'products.csv',
  'sales_pipeline.csv',
].map((name) => join(DEMO_DATA_DIR, name));

/** The hand-written plan for the sample: a hire, a departure, overrides, current quotas. */
export const DEMO_PLAN = join(import.meta.dirname, '..', '..', 'examples', 'plan-maven.yaml');

/** Imports the Maven sample; re-running it updates the same records (imports are idempotent). */
export async function loadDemoData(request: WorkspaceRequest): Promise<ImportOutcome> {
  return importFiles({ ...request, paths: DEMO_FILES, preset: 'maven', importedBy: 'demo' });
}
