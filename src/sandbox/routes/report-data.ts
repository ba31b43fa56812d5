import { isoTime } from '../clock.js';
import { accountOf, type Ctx } from '../context.js';
import { type Dict, int } from '../params.js';
import type { Conversation, Message } from '../store/types.js';

export interface Range {
  since: number;
  until: number;
}

/** since..until in Unix seconds; without both Chatwoot filters on a null range, which matches nothing. */
export function rangeOf(query: Dict): Range {
  const since = int(query.since);
  const until = int(query.until);
  return since === undefined || until === undefined ? { since: 1, until: 0 } : { since, until };
}

export const within = (time: number | null, range: Range): boolean =>
  time !== null && time >= range.since && time <= range.until;

export function accountConversations(ctx: Ctx): Conversation[] {
  const account = accountOf(ctx);
  return ctx.store.conversations.filter((item) => item.account_id === account.id);
}

export function accountMessages(ctx: Ctx): Message[] {
  const account = accountOf(ctx);
  return ctx.store.messages.filter((item) => item.account_id === account.id && !item.private);
}

/** Reporting events derived from the conversations: first responses and resolutions. */
export function reportingEvents(ctx: Ctx, conversations: Conversation[]): Dict[] {
  return conversations.flatMap((conversation) => {
    const events: Dict[] = [];
    const event = (
      offset: number,
      name: string,
      start: number,
      end: number,
      userId: number | null,
    ): Dict => ({
      id: conversation.id * 10 + offset,
      name,
      value: end - start,
      value_in_business_hours: end - start,
      event_start_time: isoTime(start),
      event_end_time: isoTime(end),
      account_id: conversation.account_id,
      conversation_id: conversation.display_id,
      inbox_id: conversation.inbox_id,
      user_id: userId,
      created_at: isoTime(end),
      updated_at: isoTime(end),
    });
    const firstReply = conversation.first_reply_created_at;
    if (firstReply !== null) {
      const responder = ctx.store
        .messagesOf(conversation.id)
        .find((item) => item.created_at === firstReply && item.sender?.type === 'user')?.sender?.id;
      events.push(
        event(
          1,
          'first_response',
          conversation.created_at,
          firstReply,
          responder ?? conversation.assignee_id,
        ),
      );
    }
    if (conversation.status === 'resolved') {
      events.push(
        event(
          2,
          'conversation_resolved',
          conversation.created_at,
          conversation.updated_at,
          conversation.assignee_id,
        ),
      );
    }
    return events;
  });
}

export type Scope = (conversation: Conversation) => boolean;

/** `type` + `id` of the v2 report endpoints, as a conversation predicate. */
export function scopeOf(ctx: Ctx): Scope {
  const id = int(ctx.query.id);
  switch (ctx.query.type) {
    case 'agent':
      return (item) => item.assignee_id === id;
    case 'inbox':
      return (item) => item.inbox_id === id;
    case 'team':
      return (item) => item.team_id === id;
    case 'label': {
      const label = ctx.store.table('labels').find((row) => row.id === id);
      return (item) => label !== undefined && item.labels.includes(String(label.title));
    }
    default:
      return () => true;
  }
}

export function counts(ctx: Ctx, range: Range, scope: Scope): Dict {
  const conversations = accountConversations(ctx).filter(scope);
  const ids = new Set(conversations.map((item) => item.id));
  const messages = accountMessages(ctx).filter(
    (item) => ids.has(item.conversation_id) && within(item.created_at, range),
  );
  const resolved = conversations.filter(
    (item) => item.status === 'resolved' && within(item.updated_at, range),
  );
  const replied = conversations.filter((item) => within(item.first_reply_created_at, range));
  const average = (values: number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  return {
    avg_first_response_time: average(
      replied.map((item) => (item.first_reply_created_at ?? 0) - item.created_at),
    ),
    avg_resolution_time: average(resolved.map((item) => item.updated_at - item.created_at)),
    conversations_count: conversations.filter((item) => within(item.created_at, range)).length,
    incoming_messages_count: messages.filter((item) => item.message_type === 0).length,
    outgoing_messages_count: messages.filter((item) => item.message_type === 1).length,
    resolutions_count: resolved.length,
  };
}
