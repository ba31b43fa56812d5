import type { Dict } from '../params.js';

export type Role = 'administrator' | 'agent';
export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';

export interface Account {
  id: number;
  name: string;
  locale: string;
  domain: string | null;
  support_email: string | null;
  status: 'active' | 'suspended';
  created_at: number;
  custom_attributes: Dict;
  settings: Dict;
  limits: Dict;
  features: Record<string, boolean>;
  platform: boolean;
}

export interface User {
  id: number;
  name: string;
  display_name: string | null;
  email: string;
  password: string;
  access_token: string;
  pubsub_token: string;
  message_signature: string | null;
  phone_number: string | null;
  custom_attributes: Dict;
  ui_settings: Dict;
  created_at: number;
  platform: boolean;
}

export interface AccountUser {
  id: number;
  account_id: number;
  user_id: number;
  role: Role;
  availability: string;
  auto_offline: boolean;
  active_at: number | null;
}

export interface Team {
  id: number;
  account_id: number;
  name: string;
  description: string | null;
  allow_auto_assign: boolean;
  member_ids: number[];
}

export interface Inbox {
  id: number;
  account_id: number;
  channel_id: number;
  channel_type: string;
  name: string;
  identifier: string | null;
  hmac_token: string;
  settings: Dict;
  channel: Dict;
  member_ids: number[];
  agent_bot_id: number | null;
  created_at: number;
}

export interface Contact {
  id: number;
  account_id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  blocked: boolean;
  avatar_url: string;
  additional_attributes: Dict;
  custom_attributes: Dict;
  labels: string[];
  created_at: number;
  updated_at: number;
  last_activity_at: number | null;
}

export interface ContactInbox {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
  pubsub_token: string;
  hmac_verified: boolean;
  created_at: number;
}

export interface Conversation {
  id: number;
  display_id: number;
  account_id: number;
  inbox_id: number;
  contact_id: number;
  contact_inbox_id: number;
  uuid: string;
  status: ConversationStatus;
  priority: string | null;
  assignee_id: number | null;
  assignee_agent_bot_id?: number | null;
  team_id: number | null;
  labels: string[];
  custom_attributes: Dict;
  additional_attributes: Dict;
  snoozed_until: number | null;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  agent_last_seen_at: number;
  assignee_last_seen_at: number;
  contact_last_seen_at: number;
  first_reply_created_at: number | null;
  waiting_since: number | null;
  /** mute_conversation: resolved, and the contact's new messages no longer reopen it. */
  muted?: boolean;
}

export type SenderRef = { type: 'contact' | 'user' | 'agent_bot'; id: number } | null;

export interface Attachment {
  id: number;
  message_id: number;
  account_id: number;
  file_name: string;
  content_type: string;
  file_type: string;
  data: Buffer;
}

export interface Message {
  id: number;
  account_id: number;
  inbox_id: number;
  conversation_id: number;
  content: string | null;
  message_type: number;
  content_type: string;
  content_attributes: Dict;
  additional_attributes: Dict;
  external_source_ids: Dict;
  private: boolean;
  status: string;
  source_id: string | null;
  echo_id: string | null;
  sender: SenderRef;
  attachments: Attachment[];
  created_at: number;
  updated_at: number;
}

export interface AgentBot {
  id: number;
  account_id: number | null;
  name: string;
  description: string | null;
  outgoing_url: string | null;
  avatar_url: string;
  bot_type: string;
  bot_config: Dict;
  access_token: string;
  platform: boolean;
}

/** A plain collection item (labels, canned responses, webhooks, …), stored as it is shown. */
export interface Row extends Dict {
  id: number;
  account_id: number;
}
