import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import * as z from 'zod';

/**
 * The SDK checks elicitation answers against their JSON Schema with Ajv unless given another validator, and
 * building an Ajv instance costs milliseconds for every server (every request, in stateless mode). zod, which
 * the server uses for tool arguments anyway, does the same job.
 */
export const zodJsonSchemaValidator: jsonSchemaValidator = {
  getValidator(schema) {
    const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    return (input) => {
      const result = validator.safeParse(input);
      return result.success
        ? { valid: true, data: result.data as never, errorMessage: undefined }
        : { valid: false, data: undefined, errorMessage: z.prettifyError(result.error) };
    };
  },
};
