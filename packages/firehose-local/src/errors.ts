// Firehose's error vocabulary, with the HTTP status the real service answers. The body shape
// `{"__type": ..., "message": ...}` and the `x-amzn-ErrorType` header are what the AWS SDK v3 and botocore
// parse to raise the named exception on the client side.

export type FirehoseErrorType =
  | 'InvalidArgumentException'
  | 'ResourceNotFoundException'
  | 'ServiceUnavailableException'
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'InternalFailure';

const STATUS: Record<FirehoseErrorType, number> = {
  InvalidArgumentException: 400,
  ResourceNotFoundException: 400,
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  ServiceUnavailableException: 500,
  InternalFailure: 500,
};

export class FirehoseError extends Error {
  readonly statusCode: number;
  constructor(
    readonly type: FirehoseErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.statusCode = STATUS[type];
  }

  toBody(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

export const invalidArgument = (message: string) => new FirehoseError('InvalidArgumentException', message);
export const validation = (message: string) => new FirehoseError('ValidationException', message);
export const serviceUnavailable = (message = 'Slow down.') => new FirehoseError('ServiceUnavailableException', message);
