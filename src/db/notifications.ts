// Change notices from the database (LISTEN/NOTIFY), on PGlite and Postgres alike. The triggers of
// migration 0003 notify QUOTAS_CHANGED_CHANNEL when quotas_of_record changes; a server listens to
// drop what it computed from the old rows.

import type { Database } from './open-database.ts';

export const QUOTAS_CHANGED_CHANNEL = 'quotaplan_quotas_changed';

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
