// The deliverables of a stored plan version, for the server's download buttons: the quota model
// workbook and the documentation package, with the workspace's real Definition Alignment
// approvals in it.

import type { DefinitionStatus, DocsFormat, LetterFormat, PackageFile } from '../docs-service.ts';
import type { Database } from '../../db/index.ts';
import { runJob } from '../job-runner.ts';
import type { PostedFile } from '../jobs.ts';
import { workspaceData } from '../workspace-data.ts';
import { createTtlCache } from '../ttl-cache.ts';
import type { TtlCache } from '../ttl-cache.ts';
import { registerDecisions } from './assumptions.ts';
import { listDefinitions } from './definitions.ts';
import { WorkflowError } from './errors.ts';
import { requirePlan, requireVersion, today } from './plan-versions.ts';
import { dataStamp } from './version-runs.ts';
import type { WorkflowContext } from './plan-versions.ts';

/** Bytes that crossed from the worker as a Uint8Array, as the Buffer callers expect. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function asPackageFile(file: PostedFile): PackageFile {
  return { ...file, bytes: asBuffer(file.bytes) };
}

/** The workspace's Definition Alignment terms with their approvals, as the documents print them. */
async function definitionStatuses(context: WorkflowContext): Promise<DefinitionStatus[]> {
  return (await listDefinitions(context)).map((d) => ({
    term: { key: d.key, term: d.term, definition: d.definition },
    approvals: d.approvals,
  }));
}

/** The quota model workbook (XLSX bytes) of a version. */
export async function versionWorkbook(
  context: WorkflowContext,
  planId: number,
  version: number,
  options: { scenarios: boolean },
): Promise<{ fileName: string; bytes: Buffer }> {
  const row = await requireVersion(context, planId, version);
  const name = `plan ${planId} v${version}`;
  const bytes = await runJob(
    'render',
    'workbook',
    {
      text: row.planYaml,
      name,
      version,
      // The register as it stands: confirmations are decisions beside the version, not in its file.
      decisions: await registerDecisions(context.workspace.database.db, planId),
      options: {
        scenarios: options.scenarios,
        generatedOn: today(context),
      },
    },
    await workspaceData(context.workspace),
    'the quota workbook',
  );
  return { fileName: `quota-model-plan-${planId}-v${version}.xlsx`, bytes: asBuffer(bytes) };
}

/**
 * Rendered packages kept between requests, at most three per database (a 1,000-rep PDF package
 * holds 1,000 letters), for a day at most (the key holds the day anyway): the Documents view
 * lists a package and then fetches files of it one by one, and rendering the PDFs of a 35-rep
 * plan takes seconds. An entry serves only the same version, format, day, data (imports and
 * settings, see dataStamp) and definitions with their approvals, so a new import or approval is
 * seen at once. The promise is kept, so requests that arrive while the package renders wait for
 * the same rendering.
 */
const packages = new WeakMap<Database, TtlCache<Promise<PackageFile[]>>>();

/** The documentation package of a version, with the workspace's definition approvals. */
export async function versionDocuments(
  context: WorkflowContext,
  planId: number,
  version: number,
  format: DocsFormat,
): Promise<PackageFile[]> {
  const definitions = await definitionStatuses(context);
  const generatedOn = today(context);
  const { database, id } = context.workspace;
  const decisions = await registerDecisions(database.db, planId);
  const key = JSON.stringify([
    id,
    planId,
    version,
    format,
    generatedOn,
    await dataStamp(context),
    definitions,
    decisions.length,
    decisions.at(-1)?.at ?? null,
  ]);
  const kept =
    packages.get(database) ??
    createTtlCache<Promise<PackageFile[]>>({ ttlMs: 24 * 60 * 60 * 1000, maxEntries: 3 });
  packages.set(database, kept);
  const hit = kept.get(key);
  if (hit !== undefined) return hit;
  const rendering = (async () => {
    const row = await requireVersion(context, planId, version);
    const files = await runJob(
      'render',
      'docs',
      {
        text: row.planYaml,
        name: `plan ${planId} v${version}`,
        version,
        decisions,
        options: { format, definitions, planPath: `plan-${planId}-v${version}.yaml`, generatedOn },
      },
      await workspaceData(context.workspace),
      'the documentation package',
    );
    return files.map(asPackageFile);
  })();
  kept.set(key, rendering);
  // A failed rendering (a blocked version, a lost connection) is not kept: the next asks again.
  rendering.catch(() => {
    if (kept.get(key) === rendering) kept.delete(key);
  });
  return rendering;
}

/**
 * One rep's quota letter from the published version's documentation package (the callers check
 * that the rep is in the reader's scope). Not found when the plan is not published or holds no
 * quota for the rep.
 */
export async function publishedQuotaLetter(
  context: WorkflowContext,
  planId: number,
  repId: string,
  format: LetterFormat,
): Promise<{ fileName: string; bytes: Buffer; version: number }> {
  const plan = await requirePlan(context, planId);
  const version = plan.publishedVersion;
  if (version === null) {
    throw new WorkflowError('not-found', `plan ${planId} has no published quotas yet`);
  }
  const row = await requireVersion(context, planId, version);
  const posted = await runJob(
    'render',
    'letter',
    {
      text: row.planYaml,
      name: `plan ${planId} v${version}`,
      version,
      decisions: await registerDecisions(context.workspace.database.db, planId),
      options: {
        definitions: await definitionStatuses(context),
        planPath: `plan-${planId}-v${version}.yaml`,
        generatedOn: today(context),
      },
      repId,
      format,
    },
    await workspaceData(context.workspace),
    `the letter of ${repId}`,
  );
  const letter = posted === null ? null : asPackageFile(posted);
  if (letter === null) {
    throw new WorkflowError('not-found', `rep ${repId} has no quota in plan ${planId}`);
  }
  const name = letter.path.split('/').pop() ?? `${repId}.${format}`;
  return { fileName: `quota-letter-plan-${planId}-${name}`, bytes: letter.bytes, version };
}
