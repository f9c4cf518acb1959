/** A failed API call, carrying the server's stable code and a message that says what went wrong. */
export class MnemoError extends Error {
  readonly code: string;
  /** Which call failed (e.g. "update memory"), so a toast can say where as well as what. */
  readonly operation: string;

  constructor(code: string, message: string, operation: string) {
    super(message);
    this.name = 'MnemoError';
    this.code = code;
    this.operation = operation;
  }
}

/** Turns anything thrown into a MnemoError, so the UI has one shape to show. */
export function toMnemoError(e: unknown, operation: string): MnemoError {
  if (e instanceof MnemoError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const { code, message } = e as { code: unknown; message: unknown };
    return new MnemoError(String(code), String(message), operation);
  }
  if (e instanceof Error) return new MnemoError('io', e.message, operation);
  return new MnemoError('io', String(e), operation);
}
