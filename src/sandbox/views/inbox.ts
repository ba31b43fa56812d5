import type { Dict } from '../params.js';
import type { Inbox } from '../store/types.js';

export const INBOX_DEFAULTS: Dict = {
  avatar_url: '',
  greeting_enabled: false,
  greeting_message: null,
  working_hours_enabled: false,
  enable_email_collect: true,
  csat_survey_enabled: false,
  enable_auto_assignment: true,
  auto_assignment_config: {},
  out_of_office_message: null,
  timezone: 'UTC',
  allow_messages_after_resolved: true,
  lock_to_single_conversation: false,
  sender_name_type: 'friendly',
  business_name: null,
};

const WEEK = Array.from({ length: 7 }, (_, day) => ({
  day_of_week: day,
  closed_all_day: day === 0 || day === 6,
  open_hour: day === 0 || day === 6 ? null : 9,
  open_minutes: day === 0 || day === 6 ? null : 0,
  close_hour: day === 0 || day === 6 ? null : 17,
  close_minutes: day === 0 || day === 6 ? null : 0,
  open_all_day: false,
}));

export function inboxView(inbox: Inbox, admin: boolean): Dict {
  const view: Dict = {
    id: inbox.id,
    channel_id: inbox.channel_id,
    name: inbox.name,
    channel_type: inbox.channel_type,
    ...INBOX_DEFAULTS,
    ...inbox.settings,
    working_hours: WEEK,
    callback_webhook_url: null,
    widget_color: inbox.channel.widget_color ?? null,
    website_url: inbox.channel.website_url ?? null,
    hmac_mandatory: false,
    welcome_title: inbox.channel.welcome_title ?? null,
    welcome_tagline: inbox.channel.welcome_tagline ?? null,
    web_widget_script: null,
    website_token: inbox.channel.website_token ?? null,
    selected_feature_flags: null,
    reply_time: 'in_a_few_minutes',
    messaging_service_sid: null,
    phone_number: inbox.channel.phone_number ?? null,
    provider: null,
  };
  if (inbox.channel_type === 'Channel::Api') {
    if (admin) view.hmac_token = inbox.hmac_token;
    view.webhook_url = inbox.channel.webhook_url ?? null;
    view.inbox_identifier = inbox.identifier;
    view.additional_attributes = inbox.channel.additional_attributes ?? {};
  }
  if (inbox.channel_type === 'Channel::Email') {
    view.email = inbox.channel.email ?? null;
    view.forward_to_email = inbox.channel.forward_to_email ?? null;
  }
  return view;
}

export function inboxSlim(inbox: Inbox): Dict {
  return {
    id: inbox.id,
    avatar_url: '',
    channel_id: inbox.channel_id,
    name: inbox.name,
    channel_type: inbox.channel_type,
    provider: null,
  };
}

export function publicInboxView(inbox: Inbox): Dict {
  const settings = { ...INBOX_DEFAULTS, ...inbox.settings };
  return {
    identifier: inbox.identifier,
    identity_validation_enabled: false,
    name: inbox.name,
    timezone: settings.timezone,
    working_hours: WEEK,
    working_hours_enabled: settings.working_hours_enabled,
    csat_survey_enabled: settings.csat_survey_enabled,
    greeting_enabled: settings.greeting_enabled,
  };
}
