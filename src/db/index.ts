// The database layer's public API: open a PGlite or Postgres database, read and write workspaces.

export {
  DEFAULT_DATABASE_DIR,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  describeTarget,
  migrateDatabase,
  openDatabase,
  parseSeconds,
  resolveDatabaseOptions,
  resolveDatabaseTarget,
  SettingError,
  STATEMENT_TIMEOUT_VARIABLE,
} from './open-database.ts';
export type {
  AppDatabase,
  Database,
  DatabaseClient,
  DatabaseOptions,
  DatabaseTarget,
  Schema,
} from './open-database.ts';
export { DatabaseInUseError, LOCK_FILE } from './folder-lock.ts';
export type { LockHolder } from './folder-lock.ts';
export {
  countRecords,
  ensureWorkspace,
  findWorkspace,
  latestPastDate,
  listImports,
  updateWorkspaceSettings,
} from './workspace-repository.ts';
export type { ImportSummary, StoredWorkspace } from './workspace-repository.ts';
export { saveImport } from './save-import.ts';
export type { ImportMeta, ImportRecords, SavedImport } from './save-import.ts';
export { loadDataset, loadReferenceData } from './load-dataset.ts';
export type { ReferenceData } from './load-dataset.ts';
export {
  DuplicateRecordError,
  InvalidRecordError,
  isUniqueViolation,
  isStatementTimeout,
  WorkspaceNotFoundError,
} from './errors.ts';
export type { ImportCounts, ImportFileRecord, ImportStatus } from './schema.ts';
export * as workflow from './workflow-repository.ts';
export * as crm from './crm-repository.ts';
export type { CrmConnectionRow } from './crm-repository.ts';
export { CRM_FLOWS, CRM_PROVIDERS } from './crm-schema.ts';
export type { CrmFlow, CrmProvider } from './crm-schema.ts';
export type { Queryable, RepScope } from './workflow-repository.ts';
export {
  ADJUSTMENT_STATES,
  DISPUTE_STATES,
  GATE_EVENTS,
  GRANT_STATES,
  LEADER_TITLES,
  MEMBER_ROLES,
  SIGNOFF_KINDS,
} from './workflow-schema.ts';
export type {
  AdjustmentState,
  DisputeState,
  GateEvent,
  GrantState,
  LeaderTitle,
  MemberRole,
  RecordedGateItem,
  SignoffKind,
  StoredVersionResults,
} from './workflow-schema.ts';
export { AUTH_CHANGED_CHANNEL, listenForChanges, QUOTAS_CHANGED_CHANNEL } from './notifications.ts';
export type { ChangeListener } from './notifications.ts';
