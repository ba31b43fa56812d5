import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../src/attachments/addresses.js';
import { connectInMemory } from './helpers/inMemory.js';
import { type RecordingServer, startRecordingServer } from './helpers/recordingServer.js';

const sha = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const file = randomBytes(300 * 1024);
const directory = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-files-'));
const outside = mkdtempSync(join(tmpdir(), 'chatwoot-mcp-outside-'));
writeFileSync(join(directory, 'invoice.pdf'), file);
writeFileSync(join(outside, 'secret.txt'), 'not yours');
mkdirSync(join(directory, 'sub'));
symlinkSync(join(outside, 'secret.txt'), join(directory, 'sub', 'escape.txt'));

let upstream: RecordingServer;
let files: Server;
let filesUrl: string;
beforeAll(async () => {
  upstream = await startRecordingServer();
  files = createServer((request, response) => {
    if (request.url === '/redirect') return void response.writeHead(302, { location: '/photo.png' }).end();
    if (request.url === '/drip') {
      // One byte every 100 ms: never silent long enough for the idle timeout, never done either.
      response.writeHead(200, { 'content-type': 'image/png' });
      const drip = setInterval(() => response.write('x'), 100);
      response.once('close', () => clearInterval(drip));
      return;
    }
    response.writeHead(200, { 'content-type': 'image/png' }).end(file);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await upstream.close();
  files.close();
  rmSync(directory, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
beforeEach(() => {
  upstream.requests.length = 0;
});

/** What reached Chatwoot, read back as a form the way Rails would. */
async function receivedForm() {
  const [request] = upstream.requests;
  if (!request) throw new Error('nothing was sent');
  expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  return new Response(new Uint8Array(request.raw), {
    headers: { 'content-type': request.headers['content-type'] ?? '' },
  }).formData();
}

const message = { account_id: 1, conversation_id: 9, content: 'Here is your invoice' };

describe('attachments', () => {
  it('from base64 data: sent as multipart attachments[] with the bytes intact', async () => {
    const { call } = await connectInMemory(upstream.url, {});
    const { result } = await call('create_message', {
      ...message,
      private: true,
      attachments: [{ data: file.toString('base64'), filename: 'invoice.pdf' }],
    });
    expect(result.isError).toBeFalsy();
    const form = await receivedForm();
    expect(form.get('content')).toBe('Here is your invoice');
    expect(form.get('private')).toBe('true');
    const sent = form.get('attachments[]') as File;
    expect(sent.name).toBe('invoice.pdf');
    expect(sent.type).toBe('application/pdf');
    expect(sha(new Uint8Array(await sent.arrayBuffer()))).toBe(sha(file));
  });

  it('from a URL (a local server, allowed by config), following a redirect', async () => {
    const { call } = await connectInMemory(upstream.url, { attachmentAllowPrivateUrls: true });
    await call('client_create_message', {
      inbox_identifier: 'inbox',
      contact_identifier: 'contact',
      conversation_id: 3,
      content: 'photo',
      attachments: [{ url: `${filesUrl}/redirect` }],
    });
    const sent = (await receivedForm()).get('attachments[]') as File;
    expect(sent.name).toBe('photo.png');
    expect(sent.type).toBe('image/png');
    expect(sha(new Uint8Array(await sent.arrayBuffer()))).toBe(sha(file));
  });

  it('from a URL that drips one byte at a time: cut off at the deadline of the whole download', async () => {
    const { call } = await connectInMemory(upstream.url, {
      attachmentAllowPrivateUrls: true,
      timeoutMs: 5000,
      attachmentTimeoutMs: 800,
    });
    const started = Date.now();
    const { result, text } = await call('create_message', {
      ...message,
      attachments: [{ url: `${filesUrl}/drip` }],
    });
    expect(result.isError).toBe(true);
    expect(text).toContain('took longer than 800 ms (CHATWOOT_ATTACHMENT_TIMEOUT_MS)');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(upstream.requests).toHaveLength(0);
  });

  it('from a path inside the allowed directory, and as an avatar upload', async () => {
    const { call } = await connectInMemory(upstream.url, { attachmentDir: directory, transport: 'stdio' });
    await call('update_contact', {
      account_id: 1,
      contact_id: 4,
      name: 'Dana',
      avatar: { path: 'invoice.pdf', content_type: 'image/png' },
    });
    const form = await receivedForm();
    expect(form.get('name')).toBe('Dana');
    const avatar = form.get('avatar') as File;
    expect(avatar.type).toBe('image/png');
    expect(sha(new Uint8Array(await avatar.arrayBuffer()))).toBe(sha(file));
  });

  it("inside Rails' root key: the profile's fields and avatar as profile[…] form fields", async () => {
    const { call } = await connectInMemory(upstream.url, {});
    await call('update_profile', {
      display_name: 'Dee',
      avatar: { data: Buffer.from(file).toString('base64'), filename: 'me.png', content_type: 'image/png' },
    });
    const form = await receivedForm();
    expect(form.get('profile[display_name]')).toBe('Dee');
    const avatar = form.get('profile[avatar]') as File;
    expect(avatar.name).toBe('me.png');
    expect(sha(new Uint8Array(await avatar.arrayBuffer()))).toBe(sha(file));
  });

  it.each([
    [
      'too large',
      { attachmentDir: directory, maxAttachmentBytes: 1000 },
      { path: 'invoice.pdf' },
      /larger than 1000 bytes/,
    ],
    [
      'too large (data)',
      { maxAttachmentBytes: 1000 },
      { data: file.toString('base64') },
      /larger than 1000 bytes/,
    ],
    [
      'a private-address URL',
      {},
      { url: 'http://127.0.0.1:1/photo.png' },
      /resolves to a private or loopback address \(127\.0\.0\.1\)/,
    ],
    ['a non-http URL', {}, { url: 'file:///etc/passwd' }, /only http and https URLs/],
    [
      'a path outside the directory',
      { attachmentDir: directory },
      { path: '../../etc/passwd' },
      /outside the allowed directory|no such file/,
    ],
    [
      'a symlink out of the directory',
      { attachmentDir: directory },
      { path: 'sub/escape.txt' },
      /outside the allowed directory/,
    ],
    ['a path when local files are off', {}, { path: 'invoice.pdf' }, /local files are off/],
    ['bad base64', {}, { data: 'this is not base64!' }, /not valid base64/],
    [
      'two sources at once',
      {},
      { data: 'aGVsbG8=', url: 'https://example.com/a.png' },
      /exactly one of url, data or path \(got url and data\)/,
    ],
  ])('refuses %s with a clear error and sends nothing', async (_case, settings, attachment, expected) => {
    const { call } = await connectInMemory(upstream.url, { transport: 'stdio', ...settings });
    const { result, text } = await call('create_message', { ...message, attachments: [attachment] });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/^Attachment refused, nothing was sent: "attachments\[0\]": /);
    expect(text).toMatch(expected);
    expect(upstream.requests).toHaveLength(0);
  });

  it('never allows local files over HTTP', async () => {
    const { call } = await connectInMemory(upstream.url, { attachmentDir: directory, transport: 'http' });
    const { text } = await call('create_message', { ...message, attachments: [{ path: 'invoice.pdf' }] });
    expect(text).toContain('local files are off');
  });
});

describe('private addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    // IPv6 forms that carry an IPv4 address are judged by the address they carry.
    ['::127.0.0.1', true],
    ['::ffff:0:127.0.0.1', true],
    ['64:ff9b::7f00:1', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['2002:7f00:1::1', true],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', true],
    ['64:ff9b::808:808', false],
    ['2002:808:808::1', false],
    // Other special ranges: site-local, reserved, broadcast, shared address space, not an address.
    ['fec0::1', true],
    ['fe80::1%eth0', true],
    ['255.255.255.255', true],
    ['100.64.0.1', true],
    ['240.0.0.1', true],
    ['not-an-address', true],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('URLs written as IPv6 forms of a private IPv4 address', () => {
  it.each([
    'http://[::127.0.0.1]/',
    'http://[::ffff:0:127.0.0.1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[fec0::1]/',
  ])('%s is refused before anything is fetched or sent', async (url) => {
    const { call } = await connectInMemory(upstream.url, {});
    const { result, text } = await call('create_message', { ...message, attachments: [{ url }] });
    expect(result.isError).toBe(true);
    expect(text).toContain('private or loopback address');
    expect(upstream.requests).toHaveLength(0);
  });
});
