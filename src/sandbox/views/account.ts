import { isoTime } from '../clock.js';
import type { Dict } from '../params.js';
import type { Account } from '../store/types.js';

export function accountDetail(account: Account): Dict {
  return {
    id: account.id,
    name: account.name,
    locale: account.locale,
    domain: account.domain,
    support_email: account.support_email,
    status: account.status,
    created_at: isoTime(account.created_at),
    cache_keys: { label: account.created_at, inbox: account.created_at, team: account.created_at },
    features: account.features,
    settings: account.settings,
    custom_attributes: account.custom_attributes,
    latest_chatwoot_version: null,
    subscribed_features: [],
  };
}

export function platformAccountView(account: Account): Dict {
  return {
    id: account.id,
    name: account.name,
    locale: account.locale,
    domain: account.domain,
    support_email: account.support_email,
    enabled_features: account.features,
    custom_attributes: account.custom_attributes,
    limits: account.limits,
    status: account.status,
  };
}
