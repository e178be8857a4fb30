import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateBudgetCommand,
  type Budget,
} from '@aws-sdk/client-budgets';
import {
  budgetsStep,
  createBudgetsStep,
  NO_EMAIL_WARNING,
} from '../../../src/aws/provision/budgets.js';
import { awsError, mockAws, TEST_ACCOUNT } from '../../helpers/aws-mocks.js';
import { countCalls, deploymentContext, expectedTags } from './data-plane-fixture.js';

const aws = mockAws();
const { clients, mocks } = aws;
afterAll(() => aws.restore());
beforeEach(() => aws.reset());

const EMAIL = 'ops@example.com';
const MUTATIONS = [
  CreateBudgetCommand,
  UpdateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  TagResourceCommand,
];
const NAMES = [
  'cci-lite-transcribe-monthly',
  'cci-lite-bedrock-monthly',
  'cci-lite-lambda-monthly',
];
const ACTUAL_80 = {
  NotificationType: 'ACTUAL' as const,
  ComparisonOperator: 'GREATER_THAN' as const,
  Threshold: 80,
  ThresholdType: 'PERCENTAGE' as const,
};
const FORECAST_100 = {
  NotificationType: 'FORECASTED' as const,
  ComparisonOperator: 'GREATER_THAN' as const,
  Threshold: 100,
  ThresholdType: 'PERCENTAGE' as const,
};

function budget(name: string, amount: string, service: string): Budget {
  return {
    BudgetName: name,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: amount, Unit: 'USD' },
    FilterExpression: { Dimensions: { Key: 'SERVICE', Values: [service] } },
  };
}

const withEmail = () => deploymentContext({ config: { notificationEmail: EMAIL } });

/** The three budgets as Budgets answers them when they are right. */
function budgetsRight() {
  const answers: Array<[string, string, string]> = [
    ['cci-lite-transcribe-monthly', '200.0', 'Amazon Transcribe'],
    ['cci-lite-bedrock-monthly', '100.0', 'Amazon Bedrock'],
    ['cci-lite-lambda-monthly', '25.0', 'AWS Lambda'],
  ];
  for (const [name, amount, service] of answers) {
    mocks.budgets.on(DescribeBudgetCommand, { BudgetName: name }).resolves({
      Budget: {
        ...budget(name, amount, service),
        CalculatedSpend: { ActualSpend: { Amount: '3.2', Unit: 'USD' } },
      },
    });
  }
  mocks.budgets.on(DescribeNotificationsForBudgetCommand).resolves({
    Notifications: [
      { ...FORECAST_100, NotificationState: 'OK' },
      { ...ACTUAL_80, NotificationState: 'OK' },
    ],
  });
  mocks.budgets.on(DescribeSubscribersForNotificationCommand).resolves({
    Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'Ops@Example.com' }],
  });
  mocks.budgets.on(ListTagsForResourceCommand).resolves({ ResourceTags: expectedTags('Budgets') });
}

describe('§12 Budgets step', () => {
  it('creates three monthly cost budgets filtered by service, with 80 % actual and 100 % forecast alerts', async () => {
    mocks.budgets.on(DescribeBudgetCommand).rejects(awsError('NotFoundException'));

    const reports = await budgetsStep.run(clients, withEmail());

    const creates = mocks.budgets.commandCalls(CreateBudgetCommand).map((c) => c.args[0].input);
    expect(creates.map((c) => c.Budget)).toEqual([
      budget('cci-lite-transcribe-monthly', '200', 'Amazon Transcribe'),
      budget('cci-lite-bedrock-monthly', '100', 'Amazon Bedrock'),
      budget('cci-lite-lambda-monthly', '25', 'AWS Lambda'),
    ]);
    for (const create of creates) {
      expect(create.AccountId).toBe(TEST_ACCOUNT);
      expect(create.ResourceTags).toEqual(expectedTags('Budgets'));
      expect(create.NotificationsWithSubscribers).toEqual([
        { Notification: ACTUAL_80, Subscribers: [{ SubscriptionType: 'EMAIL', Address: EMAIL }] },
        {
          Notification: FORECAST_100,
          Subscribers: [{ SubscriptionType: 'EMAIL', Address: EMAIL }],
        },
      ]);
    }
    expect(reports.map((r) => [r.name, r.action, r.arn])).toEqual(
      NAMES.map((n) => [n, 'created', `arn:aws:budgets::${TEST_ACCOUNT}:budget/${n}`]),
    );
  });

  it('takes limits and services from its options', async () => {
    mocks.budgets.on(DescribeBudgetCommand).rejects(awsError('NotFoundException'));
    const step = createBudgetsStep({
      limits: { bedrock: 500 },
      services: { bedrock: ['Amazon Bedrock', 'Claude Haiku 4.5 (Amazon Bedrock Edition)'] },
    });

    await step.run(clients, withEmail());

    const bedrock = mocks.budgets.commandCalls(CreateBudgetCommand)[1]?.args[0].input.Budget;
    expect(bedrock?.BudgetLimit).toEqual({ Amount: '500', Unit: 'USD' });
    expect(bedrock?.FilterExpression?.Dimensions?.Values).toEqual([
      'Amazon Bedrock',
      'Claude Haiku 4.5 (Amazon Bedrock Edition)',
    ]);
  });

  it('creates budgets without alerts and says so when the config has no e-mail', async () => {
    mocks.budgets.on(DescribeBudgetCommand).rejects(awsError('NotFoundException'));

    const reports = await budgetsStep.run(clients, deploymentContext());

    for (const call of mocks.budgets.commandCalls(CreateBudgetCommand)) {
      expect(call.args[0].input.NotificationsWithSubscribers).toBeUndefined();
    }
    expect(reports.map((r) => [r.action, r.changes])).toEqual(
      NAMES.map(() => ['created', [NO_EMAIL_WARNING]]),
    );
  });

  it('makes no mutating call when budgets, alerts, subscribers and tags are right', async () => {
    budgetsRight();

    const reports = await budgetsStep.run(clients, withEmail());

    expect(countCalls(mocks.budgets, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('reconciles a changed limit, a missing alert, a missing subscriber and missing tags', async () => {
    budgetsRight();
    mocks.budgets
      .on(DescribeBudgetCommand, { BudgetName: 'cci-lite-lambda-monthly' })
      .resolves({ Budget: budget('cci-lite-lambda-monthly', '5.0', 'AWS Lambda') });
    mocks.budgets
      .on(DescribeNotificationsForBudgetCommand, { BudgetName: 'cci-lite-lambda-monthly' })
      .resolves({ Notifications: [ACTUAL_80] });
    mocks.budgets
      .on(DescribeSubscribersForNotificationCommand, { BudgetName: 'cci-lite-lambda-monthly' })
      .resolves({ Subscribers: [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:x' }] });
    mocks.budgets
      .on(ListTagsForResourceCommand, {
        ResourceARN: `arn:aws:budgets::${TEST_ACCOUNT}:budget/cci-lite-lambda-monthly`,
      })
      .resolves({ ResourceTags: [] });

    const reports = await budgetsStep.run(clients, withEmail());

    expect(mocks.budgets.commandCalls(UpdateBudgetCommand).map((c) => c.args[0].input)).toEqual([
      { AccountId: TEST_ACCOUNT, NewBudget: budget('cci-lite-lambda-monthly', '25', 'AWS Lambda') },
    ]);
    expect(mocks.budgets.commandCalls(CreateSubscriberCommand)[0]?.args[0].input).toEqual({
      AccountId: TEST_ACCOUNT,
      BudgetName: 'cci-lite-lambda-monthly',
      Notification: ACTUAL_80,
      Subscriber: { SubscriptionType: 'EMAIL', Address: EMAIL },
    });
    expect(mocks.budgets.commandCalls(CreateNotificationCommand)[0]?.args[0].input).toEqual({
      AccountId: TEST_ACCOUNT,
      BudgetName: 'cci-lite-lambda-monthly',
      Notification: FORECAST_100,
      Subscribers: [{ SubscriptionType: 'EMAIL', Address: EMAIL }],
    });
    expect(mocks.budgets.commandCalls(TagResourceCommand)[0]?.args[0].input).toEqual({
      ResourceARN: `arn:aws:budgets::${TEST_ACCOUNT}:budget/cci-lite-lambda-monthly`,
      ResourceTags: expectedTags('Budgets'),
    });
    expect(reports.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'updated']);
    expect(reports[2]?.changes).toEqual(
      expect.arrayContaining([
        'limit: 5.0 USD -> 25 USD',
        `alert FORECASTED > 100%: (none) -> ${EMAIL}`,
        `alert ACTUAL > 80% subscriber: (none) -> ${EMAIL}`,
      ]),
    );
  });

  it('plans without mutating on a dry run', async () => {
    mocks.budgets.on(DescribeBudgetCommand).rejects(awsError('NotFoundException'));

    const reports = await budgetsStep.run(clients, { ...withEmail(), dryRun: true });

    expect(countCalls(mocks.budgets, MUTATIONS)).toBe(0);
    expect(reports.map((r) => r.action)).toEqual(['create', 'create', 'create']);
  });

  it('names the step, the budget and the AWS error code when AWS fails', async () => {
    mocks.budgets
      .on(DescribeBudgetCommand)
      .rejects(awsError('AccessDeniedException', 'denied', 403));

    await expect(budgetsStep.run(clients, withEmail())).rejects.toMatchObject({
      code: 'PROVISION_FAILED',
      details: {
        step: 'budgets',
        resourceType: 'Budget',
        resource: 'cci-lite-transcribe-monthly',
        awsErrorCode: 'AccessDeniedException',
      },
    });
  });
});
