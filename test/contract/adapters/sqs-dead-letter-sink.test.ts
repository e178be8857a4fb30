import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsDeadLetterSink } from '../../../src/aws/adapters/sqs-dead-letter-sink.js';
import { awsError, mockAws } from '../../helpers/aws-mocks.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const QUEUE = 'https://sqs.eu-central-1.amazonaws.com/111122223333/cci-lite-dlq';
const NOW = new Date('2026-03-01T12:34:56.000Z');

describe('SqsDeadLetterSink', () => {
  it('sends the body as it was with the reason and time as attributes', async () => {
    mocks.sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    const sink = new SqsDeadLetterSink(clients.sqs, QUEUE, () => NOW);

    await sink.send('{"detail":{"JobName":"c1"}}', 'TRANSCRIPTION_FAILED: bad audio');

    expect(mocks.sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(mocks.sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE,
      MessageBody: '{"detail":{"JobName":"c1"}}',
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: 'TRANSCRIPTION_FAILED: bad audio' },
        failed_at: { DataType: 'String', StringValue: '2026-03-01T12:34:56.000Z' },
      },
    });
  });

  it('truncates a long reason to 1 000 characters and never sends an empty one', async () => {
    mocks.sqs.on(SendMessageCommand).resolves({});
    const sink = new SqsDeadLetterSink(clients.sqs, QUEUE, () => NOW);

    await sink.send('b', 'é'.repeat(5000));
    await sink.send('b', '   ');

    const reasons = mocks.sqs
      .commandCalls(SendMessageCommand)
      .map((c) => c.args[0].input.MessageAttributes?.['reason']?.StringValue ?? '');
    expect([...(reasons[0] ?? '')]).toHaveLength(1000);
    expect(reasons[0]?.endsWith('…')).toBe(true);
    expect(reasons[1]).toBe('no reason given');
  });

  it('fails with the queue and AWS code when SQS refuses', async () => {
    mocks.sqs.on(SendMessageCommand).rejects(awsError('AccessDenied', 'no', 403));
    const sink = new SqsDeadLetterSink(clients.sqs, QUEUE);

    await expect(sink.send('b', 'r')).rejects.toMatchObject({
      code: 'DLQ_SEND_FAILED',
      message: expect.stringContaining('AccessDenied'),
    });
  });
});
