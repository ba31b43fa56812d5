/**
 * The first path segments of Chatwoot's own pages and API: what follows the address users paste from a browser
 * (`/app/accounts/1/dashboard`) or from the API docs (`/api/v1/…`). Whatever comes before them is a real prefix
 * (Chatwoot served under `/chatwoot`) and is kept.
 */
const CHATWOOT_ROUTES = new Set([
  'app',
  'api',
  'super_admin',
  'hc',
  'widget',
  'survey',
  'public',
  'platform',
]);

/**
 * Ports the Fetch standard ("port blocking") never connects to, so Node's fetch fails every call with "bad port".
 */
const FETCH_BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export type BaseUrl = { url: string; notice?: string } | { problem: string };

/**
 * CHATWOOT_BASE_URL as users paste it: scheme, host and any real path prefix are kept; a dashboard or API path, a
 * query and a fragment are dropped with a notice saying what was used. A user name or password is refused (and
 * never repeated): Chatwoot reads its tokens from headers, and a password in the address would end up in logs.
 */
export function readBaseUrl(raw: string): BaseUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be an http(s) URL such as https://chatwoot.example.com' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `must be an http(s) URL such as https://chatwoot.example.com, not ${url.protocol}` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      problem:
        'must not contain a user name or password (the part before "@"): remove it, and put your access token in CHATWOOT_API_TOKEN',
    };
  }
  if (url.port !== '' && FETCH_BAD_PORTS.has(Number(url.port))) {
    return {
      problem: `uses port ${url.port}, which Node's fetch refuses to connect to ("bad port", a rule of the Fetch standard): serve Chatwoot on another port (3000 is its default), or put a proxy in front of it`,
    };
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const route = segments.findIndex((segment) => CHATWOOT_ROUTES.has(segment.toLowerCase()));
  const prefix = route < 0 ? segments : segments.slice(0, route);
  const base = `${url.origin}${prefix.map((segment) => `/${segment}`).join('')}`;
  const dropped = [
    route >= 0 ? `the path /${segments.slice(route).join('/')} (a page of Chatwoot, not its address)` : '',
    url.search ? 'the query' : '',
    url.hash ? 'the fragment' : '',
  ].filter((part) => part !== '');
  if (dropped.length === 0) return { url: base };
  return { url: base, notice: `CHATWOOT_BASE_URL: using ${base}, without ${dropped.join(', ')}` };
}
