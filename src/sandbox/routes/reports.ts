import { accountOf, type Ctx, empty, ok } from '../context.js';
import { failure } from '../errors.js';
import { pageOf } from '../paging.js';
import { type Dict, int, str } from '../params.js';
import type { Router } from '../router.js';
import type { Conversation } from '../store/types.js';
import { agentView } from '../views/people.js';
import { CONVERSATIONS, conversationOf } from './conversations.js';
import {
  accountConversations,
  accountMessages,
  counts,
  rangeOf,
  reportingEvents,
  scopeOf,
  within,
} from './report-data.js';

const V2 = '/api/v2/accounts/:account_id';
const METRICS = new Set([
  'conversations_count',
  'incoming_messages_count',
  'outgoing_messages_count',
  'avg_first_response_time',
  'avg_resolution_time',
  'reply_time',
  'resolutions_count',
  'bot_resolutions_count',
  'bot_handoffs_count',
]);
const BUCKETS: Array<[string, number]> = [
  ['0-1h', 3600],
  ['1-4h', 4 * 3600],
  ['4-8h', 8 * 3600],
  ['8-24h', 24 * 3600],
  ['24h+', Number.POSITIVE_INFINITY],
];

const SIX_MONTHS = 183 * 86400;

export function reportRoutes(router: Router): void {
  router.add('GET', `${V2}/reports`, timeseries);
  router.add('GET', `${V2}/reports/summary`, (ctx) => {
    const range = rangeOf(ctx.query);
    const length = range.until - range.since;
    const previous = { since: range.since - length, until: range.since };
    return ok({ ...counts(ctx, range, scopeOf(ctx)), previous: counts(ctx, previous, scopeOf(ctx)) });
  });
  // `head :unprocessable_entity if params[:type].blank?`
  router.add('GET', `${V2}/reports/conversations`, (ctx) => {
    const type = str(ctx.query.type);
    if (!type) return empty(422);
    return conversationMetrics(ctx, type);
  });
  router.add('GET', `${V2}/reports/conversations/`, (ctx) =>
    conversationMetrics(ctx, str(ctx.query.type) ?? 'agent'),
  );
  router.add('GET', `${V2}/summary_reports/channel`, (ctx) => {
    const asked = rangeOf(ctx.query);
    if (asked.until - asked.since > SIX_MONTHS) throw failure('Date range cannot exceed 6 months');
    const summary: Record<string, Dict> = {};
    for (const conversation of accountConversations(ctx).filter((item) =>
      within(item.created_at, rangeOf(ctx.query)),
    )) {
      const type =
        ctx.store.inboxes.find((inbox) => inbox.id === conversation.inbox_id)?.channel_type ?? 'unknown';
      const row = entry(summary, type, () => ({ open: 0, resolved: 0, pending: 0, snoozed: 0, total: 0 }));
      row[conversation.status] = Number(row[conversation.status]) + 1;
      row.total = Number(row.total) + 1;
    }
    return ok(summary);
  });
  const summaries: Array<[string, (ctx: Ctx) => number[], (item: Conversation) => number | null]> = [
    [
      'inbox',
      (ctx) => ctx.store.inboxes.filter((i) => i.account_id === accountOf(ctx).id).map((i) => i.id),
      (c) => c.inbox_id,
    ],
    ['agent', (ctx) => ctx.store.agents(accountOf(ctx).id).map((m) => m.user_id), (c) => c.assignee_id],
    [
      'team',
      (ctx) => ctx.store.teams.filter((t) => t.account_id === accountOf(ctx).id).map((t) => t.id),
      (c) => c.team_id,
    ],
  ];
  for (const [name, ids, key] of summaries) {
    router.add('GET', `${V2}/summary_reports/${name}`, (ctx) => {
      const range = rangeOf(ctx.query);
      const conversations = accountConversations(ctx).filter((item) => within(item.created_at, range));
      return ok(
        ids(ctx).map((id) => {
          const mine = conversations.filter((item) => key(item) === id);
          const stats = counts(ctx, range, (item) => key(item) === id);
          return {
            id,
            conversations_count: mine.length,
            resolved_conversations_count: mine.filter((item) => item.status === 'resolved').length,
            avg_resolution_time: stats.avg_resolution_time || null,
            avg_first_response_time: stats.avg_first_response_time || null,
            avg_reply_time: null,
          };
        }),
      );
    });
  }
  router.add('GET', `${V2}/reports/first_response_time_distribution`, (ctx) => {
    const distribution: Record<string, Record<string, number>> = {};
    for (const conversation of accountConversations(ctx).filter((item) =>
      within(item.created_at, rangeOf(ctx.query)),
    )) {
      if (conversation.first_reply_created_at === null) continue;
      const type =
        ctx.store.inboxes.find((inbox) => inbox.id === conversation.inbox_id)?.channel_type ?? 'unknown';
      const row = entry(distribution, type, () => Object.fromEntries(BUCKETS.map(([label]) => [label, 0])));
      const wait = conversation.first_reply_created_at - conversation.created_at;
      const label = BUCKETS.find(([, limit]) => wait < limit)?.[0] ?? '24h+';
      row[label] = (row[label] ?? 0) + 1;
    }
    return ok(distribution);
  });
  router.add('GET', `${V2}/reports/inbox_label_matrix`, (ctx) => {
    const account = accountOf(ctx);
    const inboxes = ctx.store.inboxes.filter((item) => item.account_id === account.id);
    const labels = ctx.store.table('labels').filter((row) => row.account_id === account.id);
    const conversations = accountConversations(ctx).filter((item) =>
      within(item.created_at, rangeOf(ctx.query)),
    );
    return ok({
      inboxes: inboxes.map(({ id, name }) => ({ id, name })),
      labels: labels.map(({ id, title }) => ({ id, title })),
      matrix: inboxes.map((inbox) =>
        labels.map(
          (label) =>
            conversations.filter(
              (item) => item.inbox_id === inbox.id && item.labels.includes(String(label.title)),
            ).length,
        ),
      ),
    });
  });
  router.add('GET', `${V2}/reports/outgoing_messages_count`, outgoingCounts);
  router.add('GET', '/api/v1/accounts/:account_id/reporting_events', (ctx) => {
    const range = {
      since: int(ctx.query.since) ?? 0,
      until: int(ctx.query.until) ?? Number.MAX_SAFE_INTEGER,
    };
    const inboxId = int(ctx.query.inbox_id);
    const userId = int(ctx.query.user_id);
    const name = str(ctx.query.name);
    const events = reportingEvents(ctx, accountConversations(ctx)).filter(
      (event) =>
        within(Date.parse(String(event.created_at)) / 1000, range) &&
        (inboxId === undefined || event.inbox_id === inboxId) &&
        (userId === undefined || event.user_id === userId) &&
        (!name || event.name === name),
    );
    const { items, page } = pageOf(events, ctx.query, 25);
    return ok({
      meta: { count: events.length, current_page: page, total_pages: Math.ceil(events.length / 25) },
      payload: items,
    });
  });
  router.add('GET', `${CONVERSATIONS}/:conversation_id/reporting_events`, (ctx) =>
    ok(reportingEvents(ctx, [conversationOf(ctx)])),
  );
}

/** V2::Reports::Conversations::ReportBuilder: an unknown metric is logged and answered with `{}`. */
function timeseries(ctx: Ctx) {
  const metric = str(ctx.query.metric);
  if (!metric || !METRICS.has(metric)) return ok({});
  const range = rangeOf(ctx.query);
  const scope = scopeOf(ctx);
  const group = GROUPS.has(str(ctx.query.group_by) ?? '') ? (str(ctx.query.group_by) as Group) : 'day';
  const offset = Math.round((Number(ctx.query.timezone_offset) || 0) * 3600);
  const points = [];
  for (
    let start = bucketStart(range.since, group, offset);
    range.since <= range.until && start <= range.until && points.length < 400;
    start = bucketStart(start + bucketSeconds(group), group, offset)
  ) {
    const end = bucketStart(start + bucketSeconds(group), group, offset) - 1;
    const value = counts(ctx, { since: start, until: end }, scope)[metric];
    points.push({ value: typeof value === 'number' ? value : 0, timestamp: start });
  }
  return ok(points);
}

type Group = 'hour' | 'day' | 'week' | 'month' | 'year';
const GROUPS = new Set(['hour', 'day', 'week', 'month', 'year']);
const bucketSeconds = (group: Group): number =>
  ({ hour: 3600, day: 86400, week: 7 * 86400, month: 31 * 86400, year: 366 * 86400 })[group];

/** The start of the group_by period holding `time`, in the time zone `offset` seconds from UTC (weeks start Sunday). */
function bucketStart(time: number, group: Group, offset: number): number {
  const local = new Date((time + offset) * 1000);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) / 1000;
  const starts: Record<Group, number> = {
    hour: Math.floor((time + offset) / 3600) * 3600,
    day,
    week: day - local.getUTCDay() * 86400,
    month: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) / 1000,
    year: Date.UTC(local.getUTCFullYear(), 0, 1) / 1000,
  };
  return starts[group] - offset;
}

function conversationMetrics(ctx: Ctx, type: string) {
  const open = accountConversations(ctx).filter((item) => item.status === 'open');
  const metric = (items: Conversation[]) => ({
    open: items.length,
    unattended: items.filter((item) => item.first_reply_created_at === null || item.waiting_since !== null)
      .length,
  });
  if (type !== 'agent') {
    return ok({ ...metric(open), unassigned: open.filter((item) => item.assignee_id === null).length });
  }
  return ok(
    ctx.store.agents(accountOf(ctx).id).map((member) => {
      const agent = agentView(ctx, member);
      const { id, name, email, thumbnail } = agent;
      const items = open.filter((item) => item.assignee_id === member.user_id);
      return { id, name, email, thumbnail, availability: member.availability, metric: metric(items) };
    }),
  );
}

function outgoingCounts(ctx: Ctx) {
  const account = accountOf(ctx);
  const range = rangeOf(ctx.query);
  const outgoing = accountMessages(ctx).filter(
    (item) => item.message_type === 1 && within(item.created_at, range),
  );
  const conversation = (id: number) => ctx.store.conversations.find((item) => item.id === id);
  const groups: Record<
    string,
    () => Array<{ id: number; name: string; hit: (m: (typeof outgoing)[number]) => boolean }>
  > = {
    agent: () =>
      ctx.store.agents(account.id).map((member) => ({
        id: member.user_id,
        name: ctx.store.user(member.user_id).name,
        hit: (m) => m.sender?.type === 'user' && m.sender.id === member.user_id,
      })),
    team: () =>
      ctx.store.teams
        .filter((team) => team.account_id === account.id)
        .map((team) => ({
          id: team.id,
          name: team.name,
          hit: (m) => conversation(m.conversation_id)?.team_id === team.id,
        })),
    inbox: () =>
      ctx.store.inboxes
        .filter((inbox) => inbox.account_id === account.id)
        .map((inbox) => ({ id: inbox.id, name: inbox.name, hit: (m) => m.inbox_id === inbox.id })),
    label: () =>
      ctx.store
        .table('labels')
        .filter((row) => row.account_id === account.id)
        .map((row) => ({
          id: row.id,
          name: String(row.title),
          hit: (m) => conversation(m.conversation_id)?.labels.includes(String(row.title)) ?? false,
        })),
  };
  const group = groups[str(ctx.query.group_by) ?? 'agent'];
  if (!group) throw failure('group_by must be one of agent, team, inbox, label');
  return ok(
    group().map(({ id, name, hit }) => ({ id, name, outgoing_messages_count: outgoing.filter(hit).length })),
  );
}

function entry<T>(record: Record<string, T>, key: string, create: () => T): T {
  const found = record[key];
  if (found !== undefined) return found;
  const created = create();
  record[key] = created;
  return created;
}
