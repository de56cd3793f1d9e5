// Workspace rows and their settings: created once, kept on later opens, patched field by field.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { ENTITY_NAMES } from '../core/model.ts';
import { InvalidRecordError, WorkspaceNotFoundError } from './errors.ts';
import { loadDataset } from './load-dataset.ts';
import {
  countRecords,
  ensureWorkspace,
  listImports,
  updateWorkspaceSettings,
} from './workspace-repository.ts';

describeEachDatabase('workspaces', (getDb) => {
  it('are created once and keep their own settings afterwards', async () => {
    const created = await ensureWorkspace(getDb(), 'acme', {
      name: 'Acme',
      currency: 'EUR',
      basis: 'amount',
    });
    expect(created).toEqual({
      id: 'acme',
      name: 'Acme',
      currency: 'EUR',
      basis: 'amount',
      asOf: null,
      created: true,
    });
    const again = await ensureWorkspace(getDb(), 'acme', {
      name: 'Other',
      currency: 'USD',
      basis: 'count',
    });
    expect(again).toEqual({ ...created, created: false });
  });

  it('change only the settings a patch names', async () => {
    await ensureWorkspace(getDb(), 'patch', { name: 'Patch', currency: 'USD', basis: 'amount' });
    await updateWorkspaceSettings(getDb(), 'patch', { asOf: '2024-12-31' });
    await updateWorkspaceSettings(getDb(), 'patch', { basis: 'count' });
    await updateWorkspaceSettings(getDb(), 'patch', {});
    expect((await loadDataset(getDb(), 'patch')).settings).toEqual({
      currency: 'USD',
      basis: 'count',
      asOf: '2024-12-31',
    });
    await updateWorkspaceSettings(getDb(), 'patch', { asOf: null });
    expect((await loadDataset(getDb(), 'patch')).settings.asOf).toBeNull();
  });

  it('refuse settings for a workspace that does not exist', async () => {
    await expect(
      updateWorkspaceSettings(getDb(), 'missing', { basis: 'count' }),
    ).rejects.toBeInstanceOf(WorkspaceNotFoundError);
    await expect(updateWorkspaceSettings(getDb(), 'missing', {})).rejects.toBeInstanceOf(
      WorkspaceNotFoundError,
    );
  });

  it('refuse settings the model does not allow', async () => {
    await expect(
      ensureWorkspace(getDb(), 'bad', { name: 'Bad', currency: 'usd', basis: 'amount' }),
    ).rejects.toBeInstanceOf(InvalidRecordError);
    await ensureWorkspace(getDb(), 'good', { name: 'Good', currency: 'USD', basis: 'amount' });
    await expect(
      updateWorkspaceSettings(getDb(), 'good', { asOf: '2024-02-30' }),
    ).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(
      updateWorkspaceSettings(getDb(), 'good', { basis: 'revenue' as 'amount' }),
    ).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('start empty: zero records of every entity and no imports', async () => {
    await ensureWorkspace(getDb(), 'empty', { name: 'Empty', currency: 'USD', basis: 'amount' });
    expect(await countRecords(getDb(), 'empty')).toEqual(
      Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])),
    );
    expect(await listImports(getDb(), 'empty')).toEqual([]);
  });
});
