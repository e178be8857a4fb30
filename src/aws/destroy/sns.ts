import { DeleteTopicCommand, GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { topicArn } from '../provision/policies/arns.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

export const missingTopic = missingWhen('NotFound', 'NotFoundException');

/** Guide §5: `TranscribeJobStatusTopic`. */
export const snsDestroyStep: DestroyStep = {
  id: 'sns',
  title: '§5 SNS topic',
  async run(clients, ctx, r) {
    const TopicArn = topicArn(ctx.deployment);
    await r.readAndRemove(
      { type: 'SNS topic', name: ctx.deployment.names.snsTopic },
      async () =>
        (await clients.sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {},
      () => clients.sns.send(new DeleteTopicCommand({ TopicArn })),
      missingTopic,
    );
  },
};
