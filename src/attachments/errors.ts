/** An attachment that cannot be sent: too large, unreadable, or from a source that is not allowed. */
export class AttachmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentError';
  }
}
