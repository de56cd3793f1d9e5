// A seeded sales org in the local Salesforce test server: a VP, managers, reps (and an
// integration user who sells nothing), accounts, opportunities over two years in USD and EUR,
// revenue and overlay splits, and dated conversion rates.

import type { SalesforceTestServer } from './salesforce-server.ts';

export interface SeededOrg {
  reps: string[];
  managers: string[];
  opportunities: string[];
  accounts: string[];
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = [
  ['Prospecting', 10, false, false],
  ['Proposal/Price Quote', 75, false, false],
  ['Closed Won', 100, true, true],
  ['Closed Lost', 0, true, false],
] as const;

export function seedOrg(
  s: SalesforceTestServer,
  options: { opportunities: number; seed?: number },
): SeededOrg {
  const random = rng(options.seed ?? 11);
  const multi = s.features.multicurrency;
  const aeRole = s.insert('UserRole', { Name: 'Account Executive' });
  const mgrRole = s.insert('UserRole', { Name: 'Sales Manager' });
  s.insert('User', { Name: 'Integration', Username: 'int@example.com', IsActive: true });
  const vp = s.insert('User', {
    Name: 'Vera Vice',
    Username: 'vp@example.com',
    Email: 'vp@example.com',
    IsActive: true,
    UserRoleId: mgrRole,
  });
  const managers = [0, 1].map((i) =>
    s.insert('User', {
      Name: `Manager ${i}`,
      Username: `m${i}@example.com`,
      Email: `m${i}@example.com`,
      IsActive: true,
      ManagerId: vp,
      UserRoleId: mgrRole,
    }),
  );
  const reps = Array.from({ length: 6 }, (_, i) =>
    s.insert('User', {
      Name: `Rep ${i}`,
      Username: `r${i}@example.com`,
      Email: `r${i}@example.com`,
      IsActive: i !== 5,
      ManagerId: managers[i % 2],
      UserRoleId: aeRole,
    }),
  );
  const accounts = Array.from({ length: 40 }, (_, i) =>
    s.insert('Account', {
      Name: `Account ${i}, Inc.`,
      OwnerId: reps[i % reps.length],
      Industry: 'Technology',
      NumberOfEmployees: 10 + i,
      AnnualRevenue: 1_000_000 + i,
      ...(multi ? { CurrencyIsoCode: 'USD' } : {}),
    }),
  );
  if (multi) {
    s.insert('CurrencyType', {
      IsoCode: 'USD',
      ConversionRate: 1,
      IsCorporate: true,
      IsActive: true,
    });
    s.insert('CurrencyType', {
      IsoCode: 'EUR',
      ConversionRate: 0.9,
      IsCorporate: false,
      IsActive: true,
    });
    s.insert('DatedConversionRate', { IsoCode: 'USD', ConversionRate: 1, StartDate: '2020-01-01' });
    s.insert('DatedConversionRate', {
      IsoCode: 'EUR',
      ConversionRate: 0.9,
      StartDate: '2020-01-01',
    });
    s.insert('DatedConversionRate', {
      IsoCode: 'EUR',
      ConversionRate: 0.8,
      StartDate: '2025-07-01',
    });
  }
  const revenue = s.features.splits
    ? s.insert('OpportunitySplitType', {
        DeveloperName: 'Revenue',
        MasterLabel: 'Revenue',
        IsActive: true,
      })
    : null;
  const overlay = s.features.splits
    ? s.insert('OpportunitySplitType', {
        DeveloperName: 'Overlay',
        MasterLabel: 'Overlay',
        IsActive: true,
      })
    : null;
  const opportunities: string[] = [];
  for (let i = 0; i < options.opportunities; i++) {
    const [stage, probability, closed, won] =
      STAGES[Math.floor(random() * STAGES.length)] ?? STAGES[0];
    const owner = reps[Math.floor(random() * reps.length)] ?? '';
    const month = 1 + Math.floor(random() * 24);
    const close = `${2024 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
    const id = s.insert('Opportunity', {
      Name: `Deal ${i}`,
      AccountId: accounts[i % accounts.length],
      OwnerId: owner,
      Amount: Math.round(random() * 100_000_00) / 100,
      CloseDate: close,
      CreatedDate: `${close.slice(0, 8)}01T10:00:00.000+0000`,
      StageName: stage,
      Probability: probability,
      IsClosed: closed,
      IsWon: won,
      Type: random() < 0.5 ? 'New Business' : 'Existing Business',
      ...(multi ? { CurrencyIsoCode: random() < 0.3 ? 'EUR' : 'USD' } : {}),
    });
    opportunities.push(id);
    if (revenue !== null && overlay !== null && i % 10 === 0) {
      const partner = reps[(reps.indexOf(owner) + 1) % reps.length];
      s.insert('OpportunitySplit', {
        OpportunityId: id,
        SplitOwnerId: owner,
        SplitPercentage: 60,
        SplitTypeId: revenue,
      });
      s.insert('OpportunitySplit', {
        OpportunityId: id,
        SplitOwnerId: partner,
        SplitPercentage: 40,
        SplitTypeId: revenue,
      });
      s.insert('OpportunitySplit', {
        OpportunityId: id,
        SplitOwnerId: managers[0],
        SplitPercentage: 100,
        SplitTypeId: overlay,
      });
    }
  }
  return { reps, managers, opportunities, accounts };
}
