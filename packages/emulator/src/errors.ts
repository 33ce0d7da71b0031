/** An error answered to the client in BCE's form `{code, message, requestId}`. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

/** 400 BadRequest: the request is malformed or breaks a documented constraint. */
export function badRequest(message: string): EmulatorError {
  return new EmulatorError(400, 'BadRequest', message);
}

/** 404 NoSuchObject for a resource that does not exist in the caller's account. */
export function notFound(kind: string, id: string): EmulatorError {
  return new EmulatorError(404, 'NoSuchObject', `The ${kind} ${JSON.stringify(id)} does not exist.`);
}

/** 409 OperationDenied: the resource is in a state that does not allow the operation. */
export function denied(message: string): EmulatorError {
  return new EmulatorError(409, 'OperationDenied', message);
}

/** 413 LimitExceeded: a quota would be exceeded. */
export function limitExceeded(message: string): EmulatorError {
  return new EmulatorError(413, 'LimitExceeded', message);
}
