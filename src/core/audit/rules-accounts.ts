// Rules about the account a deal belongs to: missing, or naming no known account. Closed deals
// need one (history by territory and segment); open deals often lack one early on.

import { RULE_DEFINITIONS as R } from './catalogue.ts';
import { dealRefs, type AuditContext, type AuditRule } from './context.ts';
import { STATUS_NAMES } from './deal-columns.ts';

/** One text per status, shared by every ref (see dealWithoutOwner). */
const NO_ACCOUNT = STATUS_NAMES.map((name) => `${name} deal has no account`);

const hasAccounts = (ctx: AuditContext): boolean => ctx.dataset.accounts.length > 0;

export const dealWithoutAccount: AuditRule = {
  definition: R.dealWithoutAccount,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.closedNoAccount,
      (_, i) => NO_ACCOUNT[ctx.deals.status[i] ?? 0] ?? '',
    ),
};

export const openDealWithoutAccount: AuditRule = {
  definition: R.openDealWithoutAccount,
  run: (ctx) => dealRefs(ctx, ctx.deals.hits.openNoAccount, () => 'open deal has no account'),
};

export const unknownAccount: AuditRule = {
  definition: R.unknownAccount,
  applies: hasAccounts,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.closedUnknownAccount,
      (deal) => `${deal.status} deal on account '${deal.accountId ?? ''}', no such account`,
    ),
};

export const openDealUnknownAccount: AuditRule = {
  definition: R.openDealUnknownAccount,
  applies: hasAccounts,
  run: (ctx) =>
    dealRefs(
      ctx,
      ctx.deals.hits.openUnknownAccount,
      (deal) => `open deal on account '${deal.accountId ?? ''}', no such account`,
    ),
};
