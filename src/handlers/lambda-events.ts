/**
 * The parts of the Lambda event and context shapes the handlers read (the
 * `aws-lambda` type package is not a dependency; these follow its names).
 */

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  getRemainingTimeInMillis?: () => number;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: {
    /** How many times SQS has handed this message out, this time included. */
    ApproximateReceiveCount?: string;
    SentTimestamp?: string;
    [attribute: string]: string | undefined;
  };
  messageAttributes?: Record<string, unknown>;
  md5OfBody?: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** With `ReportBatchItemFailures`, the messages SQS should hand out again. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}
