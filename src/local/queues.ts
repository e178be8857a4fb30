/**
 * The local queues, named after their AWS counterparts: `job-init` carries the
 * input bucket's Object Created events (EventBridge → job-init on AWS),
 * `analysis` carries Transcribe state changes in SNS envelopes
 * (EventBridge → SNS TranscribeJobStatusTopic → SQS cci-lite-analysis-queue).
 */
export const QUEUES = { jobInit: 'job-init', analysis: 'analysis' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Topic ARN in the SNS envelopes the local runner builds (no AWS account involved). */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:local:000000000000:TranscribeJobStatusTopic';
