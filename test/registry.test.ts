import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { SETTINGS } from '../src/config.js';
import { packageFile } from '../src/paths.js';

// server.json against the fields of the official MCP registry's server.json format (schema 2025-12-11) and the
// official registry's own rules: strict objects, so a misspelt field (which the registry would drop) fails here.
const exactVersion = z
  .string()
  .min(1)
  .max(255)
  .refine((version) => version !== 'latest' && !/[\^~<>=*x]|\.x\b/.test(version), 'a specific version');
const input = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  description: z.string().min(1),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});
const transport = z.strictObject({ type: z.literal('stdio') });
const npmPackage = z.strictObject({
  registryType: z.literal('npm'),
  registryBaseUrl: z.literal('https://registry.npmjs.org'),
  identifier: z.string(),
  version: exactVersion,
  runtimeHint: z.literal('npx'),
  transport,
  environmentVariables: z.array(input),
});
const ociPackage = z.strictObject({
  registryType: z.literal('oci'),
  // The registries the official one accepts; the tag is part of the identifier, and there is no version field.
  identifier: z
    .string()
    .regex(
      /^(docker\.io|ghcr\.io|mcr\.microsoft\.com|[\w-]+\.pkg\.dev|[\w-]+\.azurecr\.io)\/[\w./-]+:[\w.-]+$/,
    ),
  runtimeHint: z.literal('docker'),
  transport,
  environmentVariables: z.array(input),
});
const serverJson = z.strictObject({
  $schema: z
    .string()
    .regex(/^https:\/\/static\.modelcontextprotocol\.io\/schemas\/\d{4}-\d{2}-\d{2}\/server\.schema\.json$/),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
  title: z.string().min(1).max(100),
  description: z.string().min(1).max(100),
  version: exactVersion,
  websiteUrl: z.url(),
  repository: z.strictObject({ url: z.url(), source: z.literal('github') }),
  packages: z.tuple([npmPackage, ociPackage]),
});

const server = serverJson.parse(JSON.parse(readFileSync(packageFile('server.json'), 'utf8')));
const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  name: string;
  version: string;
  mcpName: string;
  repository: { url: string };
};
const [npm, oci] = server.packages;
const settingsByEnv = new Map(Object.values(SETTINGS).map((setting) => [setting.env as string, setting]));

describe('server.json for the MCP registry', () => {
  it("keeps package.json's version for the server, the npm package and the image tag", () => {
    expect(server.version).toBe(pkg.version);
    expect(npm.version).toBe(pkg.version);
    expect(oci.identifier.split(':').at(-1)).toBe(pkg.version);
  });

  it('names the npm package that proves ownership with mcpName, in the GitHub namespace of the repository', () => {
    expect(npm.identifier).toBe(pkg.name);
    expect(pkg.mcpName).toBe(server.name);
    const owner = /github\.com\/([^/]+)\//.exec(server.repository.url)?.[1];
    expect(server.name.startsWith(`io.github.${owner}/`)).toBe(true);
    expect(pkg.repository.url).toContain(server.repository.url.replace('https://', ''));
  });

  it('labels the image with the server name, as the registry checks for OCI packages', () => {
    const dockerfile = readFileSync(packageFile('Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`io\\.modelcontextprotocol\\.server\\.name="${server.name}"`));
  });

  it('lists real settings only, marks every token secret, and speaks stdio from the image', () => {
    for (const entry of server.packages) {
      for (const variable of entry.environmentVariables) {
        const setting = settingsByEnv.get(variable.name);
        expect(setting, variable.name).toBeDefined();
        expect(variable.isSecret ?? false, variable.name).toBe(Boolean(setting && 'secret' in setting));
      }
      expect(
        entry.environmentVariables.find((variable) => variable.name === 'CHATWOOT_BASE_URL'),
      ).toMatchObject({
        isRequired: true,
      });
    }
    expect(oci.environmentVariables.find((variable) => variable.name === 'MCP_TRANSPORT')?.value).toBe(
      'stdio',
    );
    expect(settingsByEnv.get('MCP_TRANSPORT')).toBeDefined();
  });
});
