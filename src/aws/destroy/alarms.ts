import { DeleteAlarmsCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteTopicCommand, GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { ALARM_NAMES } from '../lambda/deploy/alarm-definitions.js';
import { alertsTopicArn } from '../lambda/deploy/alarm-topic.js';
import { ALERTS_TOPIC } from '../lambda/lambda-specs.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';
import { missingTopic } from './sns.js';

const missingAlarm = missingWhen('ResourceNotFound', 'ResourceNotFoundException');

/** Guide §8 (deploy-lambdas): the alarms, then the topic they notify (with its e-mail subscription). */
export const alarmsDestroyStep: DestroyStep = {
  id: 'alarms',
  title: '§8 CloudWatch alarms',
  async run(clients, ctx, r) {
    const cw = clients.cloudwatch;
    for (const name of ALARM_NAMES) {
      await r.readAndRemove(
        { type: 'CloudWatch alarm', name },
        async () =>
          (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.find(
            (a) => a.AlarmName === name,
          ),
        () => cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] })),
        missingAlarm,
      );
    }
    const TopicArn = alertsTopicArn(ctx.deployment);
    await r.readAndRemove(
      { type: 'SNS topic', name: ALERTS_TOPIC },
      async () =>
        (await clients.sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {},
      () => clients.sns.send(new DeleteTopicCommand({ TopicArn })),
      missingTopic,
    );
  },
};
