// What "test connection" learns from an org: the API version (and the newest it serves), the
// signed-in user, the API allowance, and which features are on, read from what the API exposes:
// ForecastingQuota exists with forecasting, OpportunitySplit with splits, Territory2 with
// Enterprise Territory Management, CurrencyIsoCode on Opportunity only in multicurrency orgs.

import { SalesforceApiError, type SalesforceClient } from './client.ts';

export interface SalesforceFeatures {
  forecasting: boolean;
  multicurrency: boolean;
  splits: boolean;
  territories: boolean;
}

export interface SalesforceProbe {
  apiVersion: string;
  latestVersion: string | null;
  organizationId: string | null;
  user: { id: string | null; username: string | null; name: string | null; email: string | null };
  features: SalesforceFeatures;
  dailyApiRequests: { max: number; remaining: number } | null;
}

interface VersionEntry {
  version: string;
}
interface GlobalDescribe {
  sobjects: { name: string }[];
}
interface Describe {
  fields: { name: string }[];
}
interface UserInfo {
  user_id?: string;
  organization_id?: string;
  preferred_username?: string;
  name?: string;
  email?: string;
}
interface Limits {
  DailyApiRequests?: { Max: number; Remaining: number };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export async function probeSalesforce(client: SalesforceClient): Promise<SalesforceProbe> {
  const v = `/services/data/v${client.session.apiVersion}`;
  const versions = await client.request<VersionEntry[]>('GET', '/services/data/');
  if (!versions.some((e) => e.version === client.session.apiVersion)) {
    const served = versions.map((e) => e.version);
    throw new SalesforceApiError(
      null,
      'UNSUPPORTED_API_VERSION',
      `the org does not serve API version ${client.session.apiVersion}; it serves ${served.at(0) ?? '?'} to ${served.at(-1) ?? '?'}`,
    );
  }
  const info = await client.request<UserInfo>('GET', '/services/oauth2/userinfo');
  const global = await client.request<GlobalDescribe>('GET', `${v}/sobjects`);
  const names = new Set(global.sobjects.map((o) => o.name));
  const opportunity = await client.request<Describe>('GET', `${v}/sobjects/Opportunity/describe`);
  const fields = new Set(opportunity.fields.map((f) => f.name));
  const limits = await client.request<Limits>('GET', `${v}/limits`);
  const daily = limits.DailyApiRequests;
  return {
    apiVersion: client.session.apiVersion,
    latestVersion: versions.at(-1)?.version ?? null,
    organizationId: text(info.organization_id) ?? client.session.organizationId,
    user: {
      id: text(info.user_id) ?? client.session.userId,
      username: text(info.preferred_username),
      name: text(info.name),
      email: text(info.email),
    },
    features: {
      forecasting: names.has('ForecastingQuota'),
      multicurrency: fields.has('CurrencyIsoCode'),
      splits: names.has('OpportunitySplit'),
      territories: names.has('Territory2') && fields.has('Territory2Id'),
    },
    dailyApiRequests: daily === undefined ? null : { max: daily.Max, remaining: daily.Remaining },
  };
}
