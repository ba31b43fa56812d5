export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

export const notFound = (): HttpError => new HttpError(404, { error: 'Resource could not be found' });

export const unauthorized = (error: string): HttpError => new HttpError(401, { error });

export const failure = (error: string, status = 422): HttpError => new HttpError(status, { error });

/** What Rails answers when an action raises something it does not rescue (e.g. an unknown enum value). */
export const crash = (): HttpError => new HttpError(500, { status: 500, error: 'Internal Server Error' });

export const invalid = (attribute: string, message: string): HttpError =>
  new HttpError(422, { message, attributes: [attribute] });

export function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw notFound();
  return value;
}
