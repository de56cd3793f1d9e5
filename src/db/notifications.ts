// Change notices from the database (LISTEN/NOTIFY), on PGlite and Postgres alike. Triggers notify
// QUOTAS_CHANGED_CHANNEL when quotas_of_record changes (migration 0003) and AUTH_CHANGED_CHANNEL
// when sessions, users, memberships or workspaces do (0004); a server listens to drop what it
// kept of the old rows.

import type { Database } from './open-database.ts';

export const QUOTAS_CHANGED_CHANNEL = 'quotaplan_quotas_changed';
/** Notified (migration 0004) when sessions, users, memberships or workspaces change. */
export const AUTH_CHANGED_CHANNEL = 'quotaplan_auth_changed';

export interface ChangeListener {
  /** Stops listening (also done by closing the database). */
  stop(): Promise<void>;
}

/**
 * Calls `onChange` for every notice on `channel` once its transaction has committed, and
 * `onListening` each time the listen is (re)established: postgres.js reconnects a dropped listen
 * connection by itself, and notices sent while it was down are lost, so whatever depends on them
 * must start afresh at that moment.
 */
export async function listenForChanges(
  database: Database,
  channel: string,
  onChange: () => void,
  onListening: () => void,
): Promise<ChangeListener> {
  const { client } = database;
  if (client.kind === 'pglite') {
    const unlisten = await client.pglite.listen(channel, () => {
      onChange();
    });
    onListening();
    return {
      stop: async () => {
        if (!client.pglite.closed) await unlisten();
      },
    };
  }
  const subscription = await client.sql.listen(
    channel,
    () => {
      onChange();
    },
    onListening,
  );
  return { stop: () => subscription.unlisten() };
}
