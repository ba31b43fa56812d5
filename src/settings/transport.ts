import * as z from 'zod';
import { boolean, list, number, positiveInteger, type Setting, seconds } from './schemas.js';

/** How MCP clients connect: stdio, or the HTTP server with its security and sessions. */
export const TRANSPORT_SETTINGS = {
  transport: {
    flag: 'transport',
    env: 'MCP_TRANSPORT',
    description:
      'How MCP clients connect: stdio (a local client starts this process) or http (a network server).',
    schema: z.enum(['stdio', 'http'], { error: 'must be stdio or http' }),
    default: 'stdio',
  },
  host: {
    flag: 'host',
    env: 'MCP_HOST',
    description: 'HTTP: address to listen on. Any other than loopback requires MCP_AUTH_TOKEN.',
    schema: z.string().trim().min(1, 'must not be empty'),
    default: '127.0.0.1',
  },
  port: {
    flag: 'port',
    env: 'MCP_PORT',
    description: 'HTTP: port to listen on (0 picks a free one).',
    schema: number().int('must be a whole number').min(0).max(65535),
    default: '8080',
  },
  authToken: {
    flag: 'auth-token',
    env: 'MCP_AUTH_TOKEN',
    description: 'HTTP: bearer token every MCP request must carry (Authorization: Bearer …).',
    schema: z.string().trim().min(16, 'must be at least 16 characters'),
    secret: true,
  },
  allowedHosts: {
    flag: 'allowed-hosts',
    env: 'MCP_ALLOWED_HOSTS',
    description:
      'HTTP: Host header values accepted, comma-separated (default: loopback names when bound to loopback).',
    schema: list,
  },
  allowedOrigins: {
    flag: 'allowed-origins',
    env: 'MCP_ALLOWED_ORIGINS',
    description: 'HTTP: browser Origins accepted, comma-separated (default: loopback origins only).',
    schema: list,
  },
  stateless: {
    flag: 'stateless',
    env: 'MCP_STATELESS',
    description:
      'HTTP: no sessions; every request gets a fresh server, so replicas need no session affinity.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  sessionIdleTimeout: {
    flag: 'session-idle-timeout',
    env: 'MCP_SESSION_IDLE_TIMEOUT',
    description: 'HTTP: seconds after which an unused session is closed.',
    schema: seconds(86_400),
    default: '1800',
  },
  maxSessions: {
    flag: 'max-sessions',
    env: 'MCP_MAX_SESSIONS',
    description: 'HTTP: open sessions at most; a new one beyond that is refused with 503.',
    schema: positiveInteger.max(100_000),
    default: '1000',
  },
  maxIdleConnections: {
    flag: 'max-idle-connections',
    env: 'MCP_MAX_IDLE_CONNECTIONS',
    description:
      'HTTP: connections kept open without a request in progress; beyond that the oldest idle one is closed.',
    schema: positiveInteger.max(100_000),
    default: '256',
  },
  maxBodyBytes: {
    flag: 'max-body-bytes',
    env: 'MCP_MAX_BODY_BYTES',
    description: 'HTTP: largest request body accepted; a larger one gets 413.',
    schema: positiveInteger.max(512 * 1024 * 1024),
    default: '4194304',
  },
  perRequestCredentials: {
    flag: 'per-request-credentials',
    env: 'MCP_PER_REQUEST_CREDENTIALS',
    description: 'HTTP: let each request bring its own Chatwoot token and account in X-Chatwoot-* headers.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  readyCheckChatwoot: {
    flag: 'ready-check-chatwoot',
    env: 'MCP_READY_CHECK_CHATWOOT',
    description: 'HTTP: /readyz also checks that Chatwoot answers.',
    schema: boolean,
    boolean: true,
    default: 'false',
  },
  shutdownTimeout: {
    flag: 'shutdown-timeout',
    env: 'MCP_SHUTDOWN_TIMEOUT',
    description: 'HTTP: seconds that calls in flight get to finish after SIGTERM.',
    schema: seconds(3600),
    default: '10',
  },
} satisfies Record<string, Setting>;
