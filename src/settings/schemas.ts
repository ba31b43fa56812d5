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
}

export const positiveInteger = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive');
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
export const seconds = (max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(max);
