// Public API of the importer: CRM export files in, canonical records plus precise errors out.
// It reads files and maps columns; it never touches the database and never prints.

export { readImportFiles } from './import-files.ts';
export type {
  ImportBatch,
  ImportContext,
  ImportOptions,
  ImportedFile,
  RejectedRow,
} from './import-files.ts';
export type { ImportRecords } from './convert-rows.ts';
export { inspectImportFiles } from './inspect-files.ts';
export type {
  ImportInspection,
  InspectedColumn,
  InspectedFile,
  InspectedStatus,
} from './inspect-files.ts';
export { loadMappingFile, parseMappingText, ROW_COLUMN } from './mapping-file.ts';
export type { MappingFile, MappingFileRule, MappingValues } from './mapping-file.ts';
export { PRESET_NAMES } from './presets.ts';
export type { PresetName } from './presets.ts';
export { DEAL_STATUS_FIELDS, ENTITY_FIELDS, normalizeHeader } from './fields.ts';
export type { FieldKind, FieldSpec } from './fields.ts';
