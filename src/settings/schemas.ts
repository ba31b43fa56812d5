import * as z from 'zod';

/** What every setting declares: its flag, environment variable, description, zod schema and default. */
export interface Setting {
  flag: string;
  env: string;
  description: string;
  schema: z.ZodType;
  boolean?: boolean;
  secret?: boolean;
  default?: string;
  /** What the value as given means, when that differs from what was written (e.g. a URL cut to its base). */
  notice?: (raw: string) => string | undefined;
}

/** A number from text: "must be a number" only when it is not one; a number out of range says its range. */
export const number = () =>
  z.coerce.number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a number' : undefined) });

export const positiveInteger = number().int('must be a whole number').positive('must be positive');
export const boolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((value) => ['1', 'true', 'yes'].includes(value));
export const token = z.string().trim().min(1, 'must not be empty');
export const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);
export const seconds = (max: number) => number().int('must be a whole number').min(1).max(max);
