// The documentation package use case: reads a plan file, runs and back-tests it on the workspace,
// and renders the package (methodology, Definition Alignment Document, quota letters, talking
// points, FAQ, runbook, review agenda, maintenance schedule). `buildDocsPackage` returns the files
// for the web app; `writeDocsPackage` writes them for the CLI.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../core/issue.ts';
import { backtestPlan } from '../core/backtest/backtest.ts';
import { DEFAULT_DEFINITION_TERMS } from '../core/workflow/definitions.ts';
import {
  DOCS_FORMATS,
  LETTER_FORMATS,
  renderDocsPackage,
  renderQuotaLetter,
  trackingPlaceFor,
  type DefinitionStatus,
  type DocsFormat,
  type DocsInput,
  type LetterFormat,
  type PackageFile,
} from '../io/docs/docs-package.ts';
import { PRESET_NAMES } from '../io/import/presets.ts';
import { blockedPlanIssues, preparePlanRun, type PreparedPlan } from './plan-service.ts';
import { withWorkspace, type WorkspaceRequest } from './workspace.ts';

export type { DefinitionStatus, DocsFormat, LetterFormat, PackageFile };
export { DOCS_FORMATS, LETTER_FORMATS };

/** Where reps track attainment when the caller does not say: no CRM is connected. */
export const DEFAULT_TRACKING_PLACE = trackingPlaceFor(null);

export interface DocsOptions {
  format: DocsFormat;
  /**
   * The definition terms and their approvals (the server's database, later). Default: the
   * default terms, none approved ("pending approval by VP Sales and CRO").
   */
  definitions?: readonly DefinitionStatus[] | undefined;
  trackingPlace?: string | undefined;
  /** The plan file and database as the runbook should write them. */
  planPath: string;
  db?: string | undefined;
  /** The date on the documents, YYYY-MM-DD (the caller's clock). */
  generatedOn: string;
}

function docsInput(prepared: PreparedPlan, options: Omit<DocsOptions, 'format'>): DocsInput {
  const { plan, run, dataset } = prepared;
  const source = dataset.deals[0]?.source ?? null;
  return {
    plan,
    run,
    backtest: backtestPlan(dataset, plan, run.history, run.allocation),
    definitions:
      options.definitions ?? DEFAULT_DEFINITION_TERMS.map((term) => ({ term, approvals: [] })),
    commands: {
      planPath: options.planPath,
      db: options.db ?? null,
      preset:
        source !== null && (PRESET_NAMES as readonly string[]).includes(source) ? source : null,
    },
    trackingPlace: options.trackingPlace ?? DEFAULT_TRACKING_PLACE,
    generatedOn: options.generatedOn,
  };
}

/** The package of a prepared (not blocked) plan, as files by relative path. */
export async function buildDocsPackage(
  prepared: PreparedPlan,
  options: DocsOptions,
): Promise<PackageFile[]> {
  return renderDocsPackage(docsInput(prepared, options), options.format);
}

/** One rep's quota letter of a prepared plan; null when the plan holds no quota for the rep. */
export async function buildQuotaLetter(
  prepared: PreparedPlan,
  options: Omit<DocsOptions, 'format'>,
  repId: string,
  format: LetterFormat,
): Promise<PackageFile | null> {
  return renderQuotaLetter(docsInput(prepared, options), repId, format);
}

export interface WriteDocsRequest extends WorkspaceRequest, Omit<DocsOptions, 'planPath' | 'db'> {
  planPath: string;
  /** The folder to write into (created). */
  out: string;
}

export interface WriteDocsResult {
  dir: string;
  files: string[];
  letters: number;
  teams: number;
  location: string;
}

/** Reads the plan, runs it and writes the package into `out`; a blocked plan is refused. */
export async function writeDocsPackage(
  request: WriteDocsRequest,
): Promise<Result<WriteDocsResult>> {
  if (!(DOCS_FORMATS as readonly string[]).includes(request.format)) {
    return fail({
      code: 'invalid-option',
      severity: 'error',
      message: `--format ${request.format} is not a documentation format`,
      expected: `one of ${DOCS_FORMATS.join(', ')}`,
    });
  }
  return withWorkspace(request, async (workspace) => {
    const prepared = await preparePlanRun(workspace, request.planPath);
    if (!prepared.ok) return prepared;
    const blocked = blockedPlanIssues(prepared.value, request.planPath);
    if (blocked !== null) return fail(...blocked);
    const files = await buildDocsPackage(prepared.value, {
      ...request,
      db: request.db,
    });
    const written: string[] = [];
    for (const file of files) {
      const path = join(request.out, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
      written.push(path);
    }
    return ok({
      dir: request.out,
      files: written,
      letters: files.filter((f) => f.path.startsWith('letters/')).length,
      teams: files.filter((f) => f.path.startsWith('talking-points/')).length,
      location: workspace.location,
    });
  });
}
