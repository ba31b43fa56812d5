/** Replaces every configured secret in a text; applied to everything this server writes or returns. */
export type Redact = (text: string) => string;

export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const values = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 4,
  );
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((out, secret) => out.replaceAll(secret, '[redacted]'), text);
}
