import { contactDetails } from './contact.js';
import type { ConversationHistory, HistoryStop } from './history.js';
import { id, isoTime, type Json, list, record, text } from './shapes.js';
import { fenceUntrusted, UNTRUSTED_NOTICE } from './untrusted.js';

/** Everything a transcript shows: get_conversation's reply, its history, and the inbox and contact when read. */
export interface ConversationView {
  conversation: Json;
  history: ConversationHistory;
  inbox?: Json | undefined;
  /** get_contact's payload; without it the contact in the conversation's `meta.sender` is shown. */
  contact?: Json | undefined;
}

const INCOMING = 0;
const ACTIVITY = 2;

/** A conversation as Markdown: header, contact, then who said what and when, oldest first. */
export function renderTranscript(view: ConversationView): string {
  const { conversation, history } = view;
  const contact = view.contact ?? record(record(conversation.meta).sender);
  const sections = [
    `# Chatwoot conversation ${history.conversationId}`,
    UNTRUSTED_NOTICE,
    header(view),
    `## Contact\n\n${contactDetails(contact)}`,
    `## Messages\n\n${history.messages.length > 0 ? history.messages.map((message) => renderMessage(message)).join('\n\n') : 'No messages.'}`,
  ];
  if (history.stoppedEarly) sections.push(stoppedEarlyNote(history, history.stoppedEarly));
  return sections.join('\n\n');
}

function header({ conversation, history, inbox }: ConversationView): string {
  const meta = record(conversation.meta);
  const assignee = record(meta.assignee);
  const team = record(meta.team);
  const labels = list(conversation.labels ?? history.meta.labels).filter(
    (label) => typeof label === 'string',
  );
  const inboxId = id(conversation.inbox_id);
  const inboxName = text(inbox?.name);
  const channel = text(inbox?.channel_type) ?? text(meta.channel);
  const lines = [
    `- Status: ${text(conversation.status) ?? 'unknown'}`,
    `- Priority: ${text(conversation.priority) ?? 'none'}`,
    `- Inbox: ${[inboxName, inboxId !== undefined ? `id ${inboxId}` : undefined, channel].filter(Boolean).join(', ') || 'unknown'}`,
    `- Assignee: ${id(assignee.id) !== undefined ? `${personName(assignee)} (agent id ${assignee.id})` : 'unassigned'}`,
    id(team.id) !== undefined ? `- Team: ${text(team.name) ?? 'team'} (id ${team.id})` : undefined,
    `- Labels: ${labels.length > 0 ? labels.join(', ') : 'none'}`,
    `- Contact: id ${id(record(meta.sender).id) ?? 'unknown'} (see Contact below)`,
    timeLine('Created', conversation.created_at),
    timeLine('Last activity', conversation.last_activity_at),
    `- Messages: ${history.messages.length} shown, ${history.stoppedEarly ? 'not the whole history (see the end)' : 'the whole history'}`,
  ].filter((item) => item !== undefined);
  const attributes = ['custom_attributes', 'additional_attributes']
    .flatMap((group) =>
      Object.entries(record(conversation[group])).map(
        ([key, value]) => `${group}.${key}: ${JSON.stringify(value)}`,
      ),
    )
    .join('\n');
  return attributes
    ? `${lines.join('\n')}\n\nConversation attributes:\n\n${fenceUntrusted(attributes)}`
    : lines.join('\n');
}

/** One message: activity as one line; the customer's words fenced; agents' replies and notes quoted. */
export function renderMessage(message: Json, headingLevel = 3): string {
  const when = isoTime(message.created_at) ?? 'unknown time';
  const content = typeof message.content === 'string' ? message.content : '';
  const deleted = record(message.content_attributes).deleted === true;
  if (message.message_type === ACTIVITY) return `- _${when} · ${content.replace(/\s+/g, ' ').trim()}_`;

  const attachments = list(message.attachments).map(record);
  const messageId = id(message.id);
  if (fromCustomer(message)) {
    const heading = `${'#'.repeat(headingLevel)} ${when} · customer (contact id ${id(record(message.sender).id) ?? id(message.sender_id) ?? '?'}) · message ${messageId ?? '?'}`;
    if (deleted) return `${heading}\n\n_(deleted)_`;
    const files = attachments.map(
      (file) =>
        `attachment: ${text(file.file_type) ?? 'file'}, ${JSON.stringify(text(file.file_name) ?? '')}, ${text(file.data_url) ?? 'no link'}`,
    );
    return `${heading}\n\n${fenceUntrusted([content, ...files].filter((part) => part !== '').join('\n\n'))}`;
  }

  const kind = message.private
    ? '**PRIVATE NOTE** (internal: the customer does not see it)'
    : 'reply to the customer';
  const heading = `${'#'.repeat(headingLevel)} ${when} · ${senderName(message)} · ${kind} · message ${messageId ?? '?'}`;
  if (deleted) return `${heading}\n\n_(deleted)_`;
  const body = content === '' ? '' : content.replace(/^/gm, '> ');
  const links = attachments.map(
    (file) =>
      `- Attachment: [${text(file.file_name) ?? 'file'}](${text(file.data_url) ?? ''}) (${[text(file.file_type), text(file.content_type)].filter(Boolean).join(', ') || 'file'})`,
  );
  return [heading, body, links.join('\n')].filter((part) => part !== '').join('\n\n');
}

export function fromCustomer(message: Json): boolean {
  return (
    message.message_type === INCOMING ||
    message.sender_type === 'Contact' ||
    record(message.sender).type === 'contact'
  );
}

function senderName(message: Json): string {
  const sender = record(message.sender);
  if (sender.type === 'agent_bot' || message.sender_type === 'AgentBot') return `${personName(sender)} (bot)`;
  if (id(sender.id) !== undefined) return `${personName(sender)} (agent id ${sender.id})`;
  return 'Chatwoot (automated)';
}

const personName = (person: Json): string => text(person.available_name) ?? text(person.name) ?? 'unnamed';

const timeLine = (label: string, value: unknown) => {
  const time = isoTime(value);
  return time ? `- ${label}: ${time}` : undefined;
};

function stoppedEarlyNote(history: ConversationHistory, stop: HistoryStop): string {
  const oldest = id(history.messages[0]?.id);
  const why =
    stop.reason === 'max_messages'
      ? `only the latest ${history.messages.length} messages fit the budget of ${stop.limit} messages`
      : stop.reason === 'error'
        ? `reading older messages failed: ${stop.message}`
        : stop.cutMessageId !== undefined
          ? `message ${stop.cutMessageId} alone is over the budget of ${stop.limit} characters and is cut to it`
          : `only the latest ${history.messages.length} messages fit the budget of ${stop.limit} characters`;
  const further =
    oldest !== undefined
      ? ` To read further back, call list_messages with conversation_id ${history.conversationId} and before ${oldest}.`
      : '';
  return `**The history stopped early:** ${why}. Anything older is not shown.${further}`;
}
