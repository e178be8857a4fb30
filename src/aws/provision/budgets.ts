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
  type BudgetsClient,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import type { Tag } from '../../core/config/tags.js';
import type { AwsClients } from '../clients.js';
import {
  change,
  observedFrom,
  readOrMissing,
  sameJson,
  tagChanges,
  tagRecord,
  tagsToApply,
} from './reconcile.js';
import {
  StepRecorder,
  type DeploymentContext,
  type ProvisionStep,
  type ResourceReport,
} from './step.js';

const STEP = 'budgets';
const BUDGET = 'Budget';

/** Monthly cost limits in USD of the three budgets of guide §12. */
export interface BudgetLimits {
  transcribe: number;
  bedrock: number;
  lambda: number;
}

/** Defaults sized for a pilot of a few thousand calls a month; pass others to `createBudgetsStep`. */
export const DEFAULT_BUDGET_LIMITS: BudgetLimits = { transcribe: 200, bedrock: 100, lambda: 25 };

/**
 * The services of guide §12 as Cost Explorer names them (the `SERVICE`
 * dimension). Models sold through AWS Marketplace may be billed under their own
 * service names; `services` lets a deployment add those to the Bedrock budget.
 */
export const BUDGETED_SERVICES: Record<keyof BudgetLimits, string[]> = {
  transcribe: ['Amazon Transcribe'],
  bedrock: ['Amazon Bedrock'],
  lambda: ['AWS Lambda'],
};

/** Alert when actual spend passes 80 % or the month's forecast passes 100 %. */
export const BUDGET_NOTIFICATIONS: Notification[] = [
  {
    NotificationType: 'ACTUAL',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 80,
    ThresholdType: 'PERCENTAGE',
  },
  {
    NotificationType: 'FORECASTED',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 100,
    ThresholdType: 'PERCENTAGE',
  },
];

export const NO_EMAIL_WARNING =
  'warning: no notificationEmail in the config, so this budget sends no alerts (set it and run init again)';

export function budgetName(key: keyof BudgetLimits): string {
  return `cci-lite-${key}-monthly`;
}

export function budgetDefinition(
  key: keyof BudgetLimits,
  limit: number,
  services: string[] = BUDGETED_SERVICES[key],
): Budget {
  return {
    BudgetName: budgetName(key),
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: String(limit), Unit: 'USD' },
    // FilterExpression replaces the deprecated CostFilters.
    FilterExpression: { Dimensions: { Key: 'SERVICE', Values: services } },
  };
}

export interface BudgetsStepOptions {
  limits?: Partial<BudgetLimits>;
  services?: Partial<Record<keyof BudgetLimits, string[]>>;
}

/**
 * Guide §12: monthly cost budgets for Transcribe, Bedrock and Lambda with
 * e-mail alerts to the config's `notificationEmail`. Without one the budgets
 * are still created (they show in the console and in Cost Explorer), and the
 * report says no alert will be sent.
 */
export function createBudgetsStep(options: BudgetsStepOptions = {}): ProvisionStep {
  const limits = { ...DEFAULT_BUDGET_LIMITS, ...options.limits };
  return {
    id: STEP,
    title: '§12 Budgets',
    async run(clients: AwsClients, ctx: DeploymentContext): Promise<ResourceReport[]> {
      const recorder = new StepRecorder(STEP, ctx.dryRun);
      for (const key of Object.keys(BUDGETED_SERVICES) as Array<keyof BudgetLimits>) {
        const budget = budgetDefinition(key, limits[key], options.services?.[key]);
        await ensureBudget(clients.budgets, recorder, ctx, budget);
      }
      return recorder.reports;
    },
  };
}

export const budgetsStep: ProvisionStep = createBudgetsStep();

async function ensureBudget(
  client: BudgetsClient,
  recorder: StepRecorder,
  ctx: DeploymentContext,
  budget: Budget,
): Promise<void> {
  const name = budget.BudgetName ?? '';
  const AccountId = ctx.accountId;
  const resourceArn = `arn:${ctx.partition}:budgets::${AccountId}:budget/${name}`;
  const resource = { type: BUDGET, name, arn: resourceArn };
  const email = ctx.config.notificationEmail;
  const subscriber: Subscriber | undefined =
    email === undefined ? undefined : { SubscriptionType: 'EMAIL', Address: email };
  const tags = ctx.tags('Budgets');

  const current = await readOrMissing(
    recorder,
    resource,
    () =>
      client.send(
        new DescribeBudgetCommand({ AccountId, BudgetName: name, ShowFilterExpression: true }),
      ),
    'NotFoundException',
  );
  let report: ResourceReport;
  if (current?.Budget === undefined) {
    report = await recorder.ensure(resource, { state: 'missing' }, async () => {
      await client.send(
        new CreateBudgetCommand({
          AccountId,
          Budget: budget,
          ...(subscriber === undefined
            ? {}
            : {
                NotificationsWithSubscribers: BUDGET_NOTIFICATIONS.map((Notification) => ({
                  Notification,
                  Subscribers: [subscriber],
                })),
              }),
          ResourceTags: tags,
        }),
      );
    });
  } else {
    const existing = current.Budget;
    const { budgetChanges, alerts, currentTags } = await recorder.guard(resource, async () => ({
      budgetChanges: definitionChanges(existing, budget),
      alerts:
        subscriber === undefined ? [] : await missingAlerts(client, AccountId, name, subscriber),
      currentTags: tagRecord(
        (await client.send(new ListTagsForResourceCommand({ ResourceARN: resourceArn })))
          .ResourceTags,
      ),
    }));
    const changes = [
      ...budgetChanges,
      ...alerts.map((a) => a.change),
      ...tagChanges(currentTags, tags),
    ];
    report = await recorder.ensure(resource, observedFrom(changes), async () => {
      if (budgetChanges.length > 0) {
        await client.send(new UpdateBudgetCommand({ AccountId, NewBudget: budget }));
      }
      for (const alert of alerts) await alert.apply();
      await tagIfNeeded(client, resourceArn, currentTags, tags);
    });
  }
  if (subscriber === undefined) report.changes = [...(report.changes ?? []), NO_EMAIL_WARNING];
}

function definitionChanges(current: Budget, desired: Budget): string[] {
  const changes: string[] = [];
  if (current.BudgetType !== desired.BudgetType) {
    changes.push(change('budget type', current.BudgetType, desired.BudgetType));
  }
  if (current.TimeUnit !== desired.TimeUnit) {
    changes.push(change('time unit', current.TimeUnit, desired.TimeUnit));
  }
  const limit = current.BudgetLimit;
  const want = desired.BudgetLimit;
  // Budgets answers amounts with decimals ("200.0").
  if (Number(limit?.Amount) !== Number(want?.Amount) || limit?.Unit !== want?.Unit) {
    changes.push(
      change(
        'limit',
        `${limit?.Amount ?? ''} ${limit?.Unit ?? ''}`.trim(),
        `${want?.Amount} ${want?.Unit}`,
      ),
    );
  }
  const filter = current.FilterExpression?.Dimensions;
  const wantFilter = desired.FilterExpression?.Dimensions;
  const normalise = (d: typeof filter) => ({ Key: d?.Key, Values: [...(d?.Values ?? [])].sort() });
  if (!sameJson(normalise(filter), normalise(wantFilter))) {
    changes.push(change('service filter', filter?.Values, wantFilter?.Values));
  }
  return changes;
}

interface AlertFix {
  change: string;
  apply(): Promise<void>;
}

/** The desired notifications missing, or missing the e-mail subscriber; others are left alone. */
async function missingAlerts(
  client: BudgetsClient,
  AccountId: string,
  BudgetName: string,
  subscriber: Subscriber,
): Promise<AlertFix[]> {
  const existing = await listNotifications(client, AccountId, BudgetName);
  const fixes: AlertFix[] = [];
  for (const Notification of BUDGET_NOTIFICATIONS) {
    const label = `${Notification.NotificationType} > ${Notification.Threshold}%`;
    const found = existing.find((n) => sameNotification(n, Notification));
    if (found === undefined) {
      fixes.push({
        change: change(`alert ${label}`, undefined, subscriber.Address),
        apply: async () => {
          await client.send(
            new CreateNotificationCommand({
              AccountId,
              BudgetName,
              Notification,
              Subscribers: [subscriber],
            }),
          );
        },
      });
      continue;
    }
    const subscribers = await listSubscribers(client, AccountId, BudgetName, found);
    const has = subscribers.some(
      (s) =>
        s.SubscriptionType === 'EMAIL' &&
        s.Address?.toLowerCase() === subscriber.Address?.toLowerCase(),
    );
    if (!has) {
      fixes.push({
        change: change(`alert ${label} subscriber`, undefined, subscriber.Address),
        apply: async () => {
          await client.send(
            new CreateSubscriberCommand({
              AccountId,
              BudgetName,
              Notification: found,
              Subscriber: subscriber,
            }),
          );
        },
      });
    }
  }
  return fixes;
}

function sameNotification(a: Notification, b: Notification): boolean {
  return (
    a.NotificationType === b.NotificationType &&
    a.ComparisonOperator === b.ComparisonOperator &&
    Number(a.Threshold) === Number(b.Threshold) &&
    (a.ThresholdType ?? 'PERCENTAGE') === (b.ThresholdType ?? 'PERCENTAGE')
  );
}

async function listNotifications(
  client: BudgetsClient,
  AccountId: string,
  BudgetName: string,
): Promise<Notification[]> {
  const all: Notification[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName, NextToken: token }),
    );
    all.push(...(page.Notifications ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return all;
}

async function listSubscribers(
  client: BudgetsClient,
  AccountId: string,
  BudgetName: string,
  Notification: Notification,
): Promise<Subscriber[]> {
  const all: Subscriber[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeSubscribersForNotificationCommand({
        AccountId,
        BudgetName,
        Notification,
        NextToken: token,
      }),
    );
    all.push(...(page.Subscribers ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return all;
}

async function tagIfNeeded(
  client: BudgetsClient,
  resourceArn: string,
  current: Record<string, string>,
  tags: Tag[],
): Promise<void> {
  const missing = tagsToApply(current, tags);
  if (missing.length === 0) return;
  await client.send(new TagResourceCommand({ ResourceARN: resourceArn, ResourceTags: missing }));
}
