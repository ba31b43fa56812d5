/**
 * Who may call what, as Chatwoot 4.13.0 decides it: AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS for agent
 * bots, and the Pundit policies that refuse agents who are not administrators. Routes are written with `:`
 * for every path parameter; test/data/chatwoot-facts.json holds the same facts per operation.
 */
const ACCOUNT = '/api/v1/accounts/:';
const CONVERSATION = `${ACCOUNT}/conversations/:`;

export const BOT_ROUTES = new Set([
  `POST ${ACCOUNT}/conversations`,
  `PATCH ${CONVERSATION}`,
  `PUT ${CONVERSATION}`,
  `POST ${CONVERSATION}/toggle_status`,
  `POST ${CONVERSATION}/toggle_priority`,
  `POST ${CONVERSATION}/toggle_typing_status`,
  `POST ${CONVERSATION}/custom_attributes`,
  `POST ${CONVERSATION}/assignments`,
  `POST ${CONVERSATION}/messages`,
]);

const writes = (collection: string, member = `${collection}/:`) => [
  `POST ${collection}`,
  `PATCH ${member}`,
  `PUT ${member}`,
  `DELETE ${member}`,
];

export const ADMIN_ROUTES = new Set([
  `PATCH ${ACCOUNT}`,
  `PUT ${ACCOUNT}`,
  ...writes(`${ACCOUNT}/agent_bots`),
  ...writes(`${ACCOUNT}/agents`),
  ...writes(`${ACCOUNT}/teams`),
  ...writes(`${ACCOUNT}/teams/:/team_members`, `${ACCOUNT}/teams/:/team_members`),
  ...writes(`${ACCOUNT}/inboxes`),
  `POST ${ACCOUNT}/inboxes/:/set_agent_bot`,
  ...writes(`${ACCOUNT}/inbox_members`, `${ACCOUNT}/inbox_members`),
  `GET ${ACCOUNT}/labels/:`,
  ...writes(`${ACCOUNT}/labels`),
  ...writes(`${ACCOUNT}/integrations/hooks`),
  ...writes(`${ACCOUNT}/portals`),
  ...writes(`${ACCOUNT}/portals/:/categories`),
  ...writes(`${ACCOUNT}/portals/:/articles`),
  `GET ${ACCOUNT}/automation_rules`,
  `GET ${ACCOUNT}/automation_rules/:`,
  ...writes(`${ACCOUNT}/automation_rules`),
  `GET ${ACCOUNT}/webhooks`,
  ...writes(`${ACCOUNT}/webhooks`),
  `DELETE ${ACCOUNT}/contacts/:`,
  `GET ${ACCOUNT}/reporting_events`,
  `GET ${ACCOUNT}/audit_logs`,
]);

/** Every report of the v2 API needs an administrator (ReportPolicy#view?). */
export const isAdminOnly = (key: string): boolean =>
  ADMIN_ROUTES.has(key) || key.startsWith('GET /api/v2/accounts/:/');

export const routeKey = (method: string, pattern: string): string =>
  `${method} ${pattern.replace(/\/:[^/]+/g, '/:')}`;
