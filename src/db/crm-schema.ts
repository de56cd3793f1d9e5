// Drizzle schema of CRM connections: one row per connected org, with its secret (client secret,
// private key or access token) kept only as ciphertext (services/crm-secrets.ts encrypts it with
// a key from the environment; the database never sees the key or the plain secret).

import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { workspaces } from './schema.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const CRM_PROVIDERS = ['salesforce'] as const;
export type CrmProvider = (typeof CRM_PROVIDERS)[number];
export const CRM_FLOWS = ['client_credentials', 'jwt_bearer', 'access_token'] as const;
export type CrmFlow = (typeof CRM_FLOWS)[number];

function inList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v}'`).join(', '));
}

export const crmConnections = pgTable(
  'crm_connections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<CrmProvider>().notNull(),
    name: text('name').notNull(),
    instanceUrl: text('instance_url').notNull(),
    /** Token endpoint and JWT audience (login.salesforce.com, test.salesforce.com, My Domain). */
    loginUrl: text('login_url'),
    apiVersion: text('api_version').notNull(),
    flow: text('flow').$type<CrmFlow>().notNull(),
    clientId: text('client_id'),
    username: text('username'),
    /** 'v1.' + base64url(iv ‖ tag ‖ AES-256-GCM ciphertext); never returned by any route. */
    secretCiphertext: text('secret_ciphertext').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** The last "test connection": what the org reported (version, user, features). */
    lastTestAt: timestamptz('last_test_at'),
    lastTest: jsonb('last_test'),
    lastPullAt: timestamptz('last_pull_at'),
    lastPullImportId: integer('last_pull_import_id'),
    /** Greatest SystemModstamp seen by the last complete pull (for incremental pulls). */
    watermark: text('watermark'),
  },
  (t) => [
    uniqueIndex('crm_connections_name_idx').on(t.workspaceId, t.provider, t.name),
    index('crm_connections_workspace_idx').on(t.workspaceId),
    check('crm_connections_provider_check', sql`${t.provider} in (${inList(CRM_PROVIDERS)})`),
    check('crm_connections_flow_check', sql`${t.flow} in (${inList(CRM_FLOWS)})`),
  ],
);
