import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { versionRefusal } from './chatwoot/version.js';
import { clientLogger } from './clientLog.js';
import type { Events } from './events/index.js';
import { executeTool } from './execute.js';
import { zodJsonSchemaValidator } from './jsonSchemaValidator.js';
import { withJsonText } from './jsonText.js';
import type { Logger } from './log.js';
import { errorResult } from './results/failure.js';
import { fitText } from './results/fit.js';
import type { Runtime, Tenant } from './runtime.js';
import { serverInstructions } from './support/instructions.js';
import { type ChatwootTool, type Listed, withConfirmArgument } from './tools/definitions.js';
import { DESCRIBE_TOOL, META_TOOLS, SEARCH_TOOL, useWhen } from './tools/dynamic.js';
import { chooseListing, type Listing, toolCapFor } from './tools/modes.js';
import { unavailable } from './tools/surface.js';

/**
 * The MCP server for one session (or one stateless request). tools/list is decided once the client has said who
 * it is (auto mode reads its tool cap; confirmation reads whether it can be asked), from listings built once per
 * tenant. tools/call runs the one shared pipeline, directly or through call_tool, under the same filters.
 */
export function createServer(runtime: Runtime, tenant: Tenant = runtime.defaultTenant): Server {
  const { config } = runtime;
  // Prompts and resources read conversations through the tools, so they are on when those tools are.
  const support = ['get_conversation', 'list_messages'].every((name) => tenant.tools.has(name));
  // Events are the server's own account's: a session on other credentials neither waits for nor subscribes to them.
  const events = tenant === runtime.defaultTenant ? runtime.events : undefined;
  const subscribable = support && events !== undefined && !config.stateless;
  const server = new Server(
    { name: 'chatwoot-mcp', title: 'Chatwoot', version: runtime.version },
    {
      capabilities: {
        tools: { listChanged: false },
        logging: {},
        ...(support
          ? {
              prompts: { listChanged: false },
              resources: { listChanged: false, ...(subscribable ? { subscribe: true } : {}) },
              completions: {},
            }
          : {}),
      },
      instructions: instructionsFor(runtime, tenant, events),
      jsonSchemaValidator: zodJsonSchemaValidator,
    },
  );

  const log = clientLogger(runtime.log, server, tenant.redact);
  const canElicit = () => server.getClientCapabilities()?.elicitation !== undefined;
  const listedOf = (tool: ChatwootTool): Listed =>
    config.confirmDestructive && tool.operation.destructive && !canElicit()
      ? withConfirmArgument(tool)
      : tool;

  // What decides the listing is the client's tool cap and whether it can be asked: one listing per pair and
  // tenant, computed once (stateless mode builds a server per request and must not recount tokens each time).
  let listing: Listing | undefined;
  const currentListing = () => {
    if (listing) return listing;
    const clientName = server.getClientVersion()?.name;
    const key = `${toolCapFor(clientName) ?? 'none'}|${canElicit()}`;
    listing = tenant.listings.get(key);
    if (!listing) {
      listing = chooseListing([...tenant.tools.values()], listedOf, {
        mode: config.toolMode,
        budget: config.toolBudget,
        clientName,
      });
      tenant.listings.set(key, listing);
    }
    return listing;
  };

  const run = async (tool: ChatwootTool, args: unknown, signal: AbortSignal): Promise<CallToolResult> => {
    const tooOld = tool.operation.minVersion
      ? versionRefusal(tool.operation, await runtime.chatwootVersion())
      : undefined;
    if (tooOld) return errorResult(tooOld, tenant.redact);
    return executeTool(tool, args, {
      client: tenant.client,
      log,
      redact: tenant.redact,
      defaultAccountId: tenant.defaultAccountId,
      findAccount: tenant.findAccount,
      signal,
      maxResultTokens: config.maxResultTokens,
      fullResults: config.results === 'full',
      structuredResults: config.structuredContent === true,
      attachments: runtime.attachments,
      confirmDestructive: config.confirmDestructive,
      elicit: canElicit()
        ? async (message) => {
            const answer = await server.elicitInput({
              message,
              requestedSchema: {
                type: 'object',
                properties: { confirm: { type: 'boolean', title: 'Allow it', description: 'Yes, do it.' } },
                required: ['confirm'],
              },
            });
            return answer.action === 'accept' && answer.content?.confirm === true;
          }
        : undefined,
    }).catch((error: unknown) => {
      runtime.log.error(
        `${tool.operation.id} failed unexpectedly: ${(error as Error).stack ?? String(error)}`,
      );
      return errorResult(
        `${tool.operation.id} failed inside chatwoot-mcp: ${(error as Error).message}`,
        tenant.redact,
      );
    });
  };

  /** A tool that exists but is off gets a sentence saying why; a name that exists nowhere, a protocol error. */
  const lookUp = (name: string): { tool: ChatwootTool } | { refused: CallToolResult } | undefined => {
    const tool = tenant.tools.get(name);
    if (tool) return { tool };
    const refusal = unavailable(tenant.surface, name);
    return refusal ? { refused: errorResult(refusal, tenant.redact) } : undefined;
  };

  const searchTools = async (args: Record<string, unknown>): Promise<CallToolResult> => {
    const limit = Math.min(20, Math.max(1, Number(args.limit ?? 8) || 8));
    const found = (await tenant.search()).search(String(args.query ?? ''), limit);
    const rows = found.map((tool) => ({ name: tool.listing.name, use: useWhen(tool.listing) }));
    return { content: [{ type: 'text', text: JSON.stringify(rows) }], structuredContent: { tools: rows } };
  };

  const dynamicCall = (
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<CallToolResult> | CallToolResult => {
    if (name === SEARCH_TOOL.name) return searchTools(args);
    if (name === DESCRIBE_TOOL.name) {
      const names = Array.isArray(args.names) ? args.names.map(String) : [];
      const described = names.map((toolName) => {
        const found = tenant.tools.get(toolName);
        if (found) return listedOf(found).listing;
        return {
          name: toolName,
          error: tenant.surface.refusals.get(toolName) ?? 'no such tool; use search_tools',
        };
      });
      return {
        content: [{ type: 'text', text: JSON.stringify(described) }],
        structuredContent: { tools: described },
      };
    }
    const target = String(args.name ?? '');
    const found = lookUp(target);
    if (!found) return errorResult(`Unknown tool "${target}": find one with search_tools.`, tenant.redact);
    return 'tool' in found ? run(found.tool, args.arguments ?? {}, signal) : found.refused;
  };

  server.setRequestHandler(ListToolsRequestSchema, () => {
    const listing = currentListing();
    if (events) return { tools: [...listing.tools, events.tool] };
    // With its JSON text, which stdio writes as it is: most of it is the build's text, never parsed here.
    return withJsonText(
      {
        get tools() {
          return listing.tools;
        },
      },
      () => listing.json,
    );
  });
  if (support) registerSupport(server, runtime, tenant, log);
  if (subscribable) registerSubscriptions(server, events);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    if (events && name === events.tool.name) return events.wait(args, extra.signal);
    if (currentListing().dynamic && META_TOOLS.some((meta) => meta.name === name)) {
      return dynamicCall(name, args, extra.signal);
    }
    const found = lookUp(name);
    if (!found) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${name}". Call tools/list for the tools this server offers.`,
      );
    }
    return 'tool' in found ? run(found.tool, request.params.arguments, extra.signal) : found.refused;
  });
  return server;
}

// The instructions depend only on the tenant (and the events of the server's own): written once per tenant, not
// once per session or, stateless, once per request.
const instructionsOf = new WeakMap<Tenant, string>();
function instructionsFor(runtime: Runtime, tenant: Tenant, events: Events | undefined): string {
  let instructions = instructionsOf.get(tenant);
  if (instructions === undefined) {
    instructions = serverInstructions({
      defaultAccountId: tenant.defaultAccountId,
      findsAccount: tenant.findAccount !== undefined,
      draftReplies: runtime.config.draftReplies,
      waitTool: events?.tool.name,
      dynamic: runtime.config.toolMode !== 'full',
    });
    instructionsOf.set(tenant, instructions);
  }
  return instructions;
}

const REST =
  'Read the rest with the tools: list_messages (before = the oldest message id shown), get_conversation, get_contact with full: true.';

/**
 * Prompts (draft a reply, summarize, triage), conversation and contact resources, and completions of their ids.
 * The module behind them is loaded on first use: a session that never asks for them never pays for it.
 */
function registerSupport(server: Server, runtime: Runtime, tenant: Tenant, log: Logger): void {
  const options = { draftOnly: runtime.config.draftReplies, readOnly: runtime.config.readOnly };
  const load = () => import('./support/index.js');
  const withSupport =
    <T>(
      kind: 'prompt' | 'resource',
      work: (support: Awaited<ReturnType<typeof load>>, signal: AbortSignal) => Promise<T>,
    ) =>
    async (signal: AbortSignal): Promise<T> => {
      const support = await load();
      return work(support, signal).catch((error: unknown) => {
        throw support.toMcpError(error, kind);
      });
    };
  const callFor = (support: Awaited<ReturnType<typeof load>>, signal: AbortSignal) =>
    support.toolCaller(tenant, log, signal);

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await load()).SUPPORT_PROMPTS,
  }));
  // Prompts and resources carry customer text (attributes, messages): they get the same budget as results.
  const maxTokens = runtime.config.maxResultTokens ?? Number.POSITIVE_INFINITY;
  server.setRequestHandler(GetPromptRequestSchema, (request, extra) =>
    withSupport('prompt', async (support, signal) => {
      const prompt = await support.getSupportPrompt(
        request.params.name,
        request.params.arguments,
        callFor(support, signal),
        options,
      );
      const messages = prompt.messages.map((message) =>
        message.content.type === 'text'
          ? {
              ...message,
              content: { ...message.content, text: fitText(message.content.text, maxTokens, REST) },
            }
          : message,
      );
      return { ...prompt, messages };
    })(extra.signal),
  );
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const support = await load();
    const { ref, argument } = request.params;
    const target = ref.type === 'ref/prompt' ? ref.name : ref.uri;
    // A suggestion that cannot be looked up is no suggestion, not an error in the user's input box.
    const completion = await support
      .complete(target, argument.name, argument.value, callFor(support, extra.signal))
      .catch(() => ({ values: [] }));
    return { completion };
  });
  server.setRequestHandler(ListResourcesRequestSchema, (_request, extra) =>
    withSupport('resource', (support, signal) => support.listResources(callFor(support, signal)))(
      extra.signal,
    ),
  );
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: (await load()).SUPPORT_RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    withSupport('resource', async (support, signal) => {
      const read = await support.readResource(request.params.uri, callFor(support, signal));
      // The server's own openapi.json is fixed and trusted: it is read whole, as the tools are built from it.
      if (request.params.uri === support.OPENAPI_RESOURCE.uri) return read;
      const contents = read.contents.map((content) =>
        'text' in content ? { ...content, text: fitText(String(content.text), maxTokens, REST) } : content,
      );
      return { ...read, contents };
    })(extra.signal),
  );
}

/** resources/subscribe on conversations and contacts, answered with notifications/resources/updated. */
function registerSubscriptions(server: Server, events: Events): void {
  const subscriptions = events.subscriptions((uri) => server.sendResourceUpdated({ uri }));
  const closed = server.onclose;
  server.onclose = () => {
    subscriptions.close();
    closed?.();
  };
  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    try {
      subscriptions.add(request.params.uri);
    } catch (error) {
      throw new McpError(ErrorCode.InvalidParams, (error as Error).message);
    }
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscriptions.remove(request.params.uri);
    return {};
  });
}
