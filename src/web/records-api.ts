// The calls of the pages beside the dashboards and the planning workspace: adjustments (request,
// decide), the audit log with its filters, the members (invite, change role, remove), each a
// TanStack Query options object or a plain call the pages' mutations use, typed by the routes.

import { queryOptions } from '@tanstack/react-query';
import { client, readJson, WORKSPACE } from './api.ts';

const ws = client.api.workspaces[':ws'];
const plan = ws.plans[':planId'];

function planParam(planId: number) {
  return { ws: WORKSPACE, planId: String(planId) };
}

export function adjustmentsQuery(planId: number) {
  return queryOptions({
    queryKey: ['adjustments', planId],
    queryFn: async () => readJson(await plan.adjustments.$get({ param: planParam(planId) })),
    staleTime: 10_000,
  });
}

export type AdjustmentsView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof adjustmentsQuery>['queryFn']>>
>;
export type Adjustment = AdjustmentsView['adjustments'][number];

export const ADJUSTMENT_KIND_WORDS = {
  'territory-move': 'Territory move',
  leave: 'Leave',
  relief: 'Quota relief',
  other: 'Other',
} as const;
export type AdjustmentKind = keyof typeof ADJUSTMENT_KIND_WORDS;

export async function requestAdjustment(
  planId: number,
  body: {
    repId: string;
    kind: AdjustmentKind;
    effective: string;
    reason: string;
    newMonthly: number[];
  },
) {
  return readJson(await plan.adjustments.$post({ param: planParam(planId), json: body }));
}

export async function decideAdjustment(
  planId: number,
  adjustmentId: number,
  approve: boolean,
  note: string | null,
) {
  return readJson(
    await plan.adjustments[':adjustmentId'].decision.$post({
      param: { ...planParam(planId), adjustmentId: String(adjustmentId) },
      json: { approve, note },
    }),
  );
}

export interface AuditFilters {
  person?: string | undefined;
  plan?: number | undefined;
  kind?: string | undefined;
}

/** One page of the audit log (newest first); `before` pages back. */
export function auditLogQuery(filters: AuditFilters, before?: number) {
  const query = {
    limit: '100',
    ...(filters.person === undefined ? {} : { person: filters.person }),
    ...(filters.plan === undefined ? {} : { plan: String(filters.plan) }),
    ...(filters.kind === undefined ? {} : { kind: filters.kind }),
    ...(before === undefined ? {} : { before: String(before) }),
  };
  return queryOptions({
    queryKey: ['audit-log', query],
    queryFn: async () => readJson(await ws['audit-log'].$get({ param: { ws: WORKSPACE }, query })),
    staleTime: 5_000,
  });
}

export type AuditEntry = Awaited<
  ReturnType<NonNullable<ReturnType<typeof auditLogQuery>['queryFn']>>
>[number];

export const membersQuery = queryOptions({
  queryKey: ['members', WORKSPACE],
  queryFn: async () => readJson(await ws.members.$get({ param: { ws: WORKSPACE } })),
  staleTime: 5_000,
});

export type Member = Awaited<ReturnType<NonNullable<(typeof membersQuery)['queryFn']>>>[number];
export type MemberRole = Member['role'];
export type LeaderTitle = NonNullable<Member['title']>;

export async function inviteMember(body: {
  email: string;
  name: string;
  password: string;
  role: MemberRole;
  title: LeaderTitle | null;
  repId: string | null;
}) {
  return readJson(await ws.members.$post({ param: { ws: WORKSPACE }, json: body }));
}

export async function changeMemberRole(
  userId: string,
  body: { role: MemberRole; title: LeaderTitle | null; repId: string | null },
) {
  return readJson(
    await ws.members[':userId'].$patch({ param: { ws: WORKSPACE, userId }, json: body }),
  );
}

export async function removeMember(userId: string) {
  return readJson(await ws.members[':userId'].$delete({ param: { ws: WORKSPACE, userId } }));
}

/** The won deals credited to a rep in a period (the numbers behind the bookings figure). */
export function creditedDealsQuery(
  planId: number,
  repId: string,
  period: 'month' | 'quarter' | 'year',
  index: number,
) {
  const query = { rep: repId, period, index: String(index) };
  return queryOptions({
    queryKey: ['credited-deals', planId, query],
    queryFn: async () =>
      readJson(await plan['credited-deals'].$get({ param: planParam(planId), query })),
    staleTime: 30_000,
  });
}

export type CreditedDealsView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof creditedDealsQuery>['queryFn']>>
>;
export type CreditedDeal = CreditedDealsView['deals'][number];

export function disputesQuery(planId: number) {
  return queryOptions({
    queryKey: ['disputes', planId],
    queryFn: async () => readJson(await plan.disputes.$get({ param: planParam(planId) })),
    // Another person resolves them: asked afresh on every visit.
    staleTime: 0,
  });
}

export type Dispute = Awaited<
  ReturnType<NonNullable<ReturnType<typeof disputesQuery>['queryFn']>>
>[number];

export async function raiseDispute(planId: number, dealId: string, reason: string) {
  return readJson(
    await plan.disputes.$post({ param: planParam(planId), json: { dealId, reason } }),
  );
}

export async function resolveDispute(
  planId: number,
  disputeId: number,
  accept: boolean,
  note: string | null,
) {
  return readJson(
    await plan.disputes[':disputeId'].decision.$post({
      param: { ...planParam(planId), disputeId: String(disputeId) },
      json: { accept, note },
    }),
  );
}
