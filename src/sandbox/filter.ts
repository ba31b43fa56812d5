import { accountOf, type Ctx } from './context.js';
import { failure } from './errors.js';
import { type Dict, dict, isDict, str } from './params.js';

type Getter<T> = (item: T, key: string) => unknown;

const OPERATORS = new Set([
  'equal_to',
  'not_equal_to',
  'contains',
  'does_not_contain',
  'is_present',
  'is_not_present',
  'is_greater_than',
  'is_less_than',
  'days_before',
]);

const PRESENCE = new Set(['is_present', 'is_not_present']);

/** The keys of the account's custom attribute definitions for conversations or contacts. */
export function customKeys(ctx: Ctx, model: 'conversation' | 'contact'): string[] {
  const account = accountOf(ctx);
  return ctx.store
    .table('custom_attribute_definitions')
    .filter((row) => row.account_id === account.id && row.attribute_model === `${model}_attribute`)
    .map((row) => String(row.attribute_key));
}

interface Condition {
  key: string;
  operator: string;
  values: unknown[];
  join: 'and' | 'or';
}

/** lib/filters/filter_keys.yml: the standard attributes a filter may name, besides custom attributes. */
export const FILTER_KEYS = {
  conversation: [
    'status',
    'assignee_id',
    'inbox_id',
    'team_id',
    'priority',
    'display_id',
    'campaign_id',
    'labels',
    'browser_language',
    'conversation_language',
    'referer',
    'created_at',
    'last_activity_at',
    'mail_subject',
  ],
  contact: [
    'name',
    'phone_number',
    'email',
    'identifier',
    'country_code',
    'city',
    'company',
    'labels',
    'created_at',
    'last_activity_at',
    'blocked',
  ],
} as const;

/**
 * The basic subset of Chatwoot's filter language: conditions joined left to right by AND / OR, each naming a
 * standard attribute or one of the account's custom attributes (`customKeys`), as Filters::FilterHelper checks.
 */
export function applyFilter<T>(
  items: T[],
  body: Dict,
  get: Getter<T>,
  standard: readonly string[],
  customKeys: string[],
): T[] {
  const conditions = parseConditions(body.payload);
  for (const { key, operator, values } of conditions) {
    if (!standard.includes(key) && !customKeys.includes(key))
      throw failure(
        `Invalid attribute key - [${key}]. The key should be one of [${standard.join(',')}] or a custom attribute defined in the account.`,
      );
    if (
      !PRESENCE.has(operator) &&
      values.every((value) => value === null || value === undefined || value === '')
    )
      throw failure(`Invalid value. The values provided for ${key} are invalid`);
  }
  return items.filter((item) => {
    let result = test(get(item, conditions[0]?.key ?? ''), conditions[0] as Condition);
    for (let i = 1; i < conditions.length; i++) {
      const previous = conditions[i - 1] as Condition;
      const current = conditions[i] as Condition;
      const value = test(get(item, current.key), current);
      result = previous.join === 'or' ? result || value : result && value;
    }
    return result;
  });
}

function parseConditions(payload: unknown): Condition[] {
  if (!Array.isArray(payload) || payload.length === 0) {
    throw failure('payload must be a non-empty array of filter conditions');
  }
  return payload.map((raw) => {
    if (!isDict(raw)) throw failure('each filter condition must be an object');
    const condition = dict(raw);
    const key = str(condition.attribute_key);
    const operator = str(condition.filter_operator) ?? '';
    if (!key) throw failure('attribute_key is required in every filter condition');
    if (!OPERATORS.has(operator)) throw failure(`Invalid filter operator - [${operator}]`);
    const values = Array.isArray(condition.values) ? condition.values : [condition.values];
    return {
      key,
      operator,
      values,
      join: str(condition.query_operator)?.toLowerCase() === 'or' ? 'or' : 'and',
    };
  });
}

function test(actual: unknown, condition: Condition): boolean {
  const have = (Array.isArray(actual) ? actual : [actual]).filter(
    (item) => item !== null && item !== undefined,
  );
  const texts = have.map((item) => String(item).toLowerCase());
  const wanted = condition.values.map((item) => String(isDict(item) ? (item.id ?? '') : item).toLowerCase());
  switch (condition.operator) {
    case 'equal_to':
      return texts.some((item) => wanted.includes(item));
    case 'not_equal_to':
      return !texts.some((item) => wanted.includes(item));
    case 'contains':
      return texts.some((item) => wanted.some((want) => item.includes(want)));
    case 'does_not_contain':
      return !texts.some((item) => wanted.some((want) => item.includes(want)));
    case 'is_present':
      return texts.some((item) => item !== '');
    case 'is_not_present':
      return !texts.some((item) => item !== '');
    case 'is_greater_than':
      return compare(have[0], wanted[0]) > 0;
    case 'is_less_than':
      return compare(have[0], wanted[0]) < 0;
    default:
      return compare(have[0], String(Date.now() / 1000 - Number(wanted[0] ?? 0) * 86400)) < 0;
  }
}

function compare(actual: unknown, wanted: string | undefined): number {
  const left = toNumber(actual);
  const right = toNumber(wanted);
  if (left === undefined || right === undefined) return Number.NaN;
  return left - right;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time / 1000;
}
