import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteNotificationCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateBudgetCommand,
  type Budget,
  type BudgetsClient,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, required, TagSet, type FakeCloud } from './cloud.js';

export interface FakeAlert {
  notification: Notification;
  subscribers: Subscriber[];
}

export interface FakeBudget {
  budget: Budget;
  alerts: FakeAlert[];
  tags: TagSet;
}

function sameNotification(a: Notification, b: Notification | undefined): boolean {
  return (
    b !== undefined &&
    a.NotificationType === b.NotificationType &&
    a.ComparisonOperator === b.ComparisonOperator &&
    Number(a.Threshold) === Number(b.Threshold) &&
    (a.ThresholdType ?? 'PERCENTAGE') === (b.ThresholdType ?? 'PERCENTAGE')
  );
}

/** Cost budgets with their alerts and tags; Budgets answers amounts with decimals ("200.0"). */
export class FakeBudgets {
  readonly budgets = new Map<string, FakeBudget>();

  constructor(private readonly cloud: FakeCloud) {}

  budget(input: { AccountId?: string; BudgetName?: string }): FakeBudget {
    this.checkAccount(input.AccountId);
    const budget = this.budgets.get(input.BudgetName ?? '');
    if (budget === undefined) {
      throw awsError(
        'NotFoundException',
        `Unable to get budget: ${input.BudgetName ?? ''} - the budget doesn't exist.`,
      );
    }
    return budget;
  }

  alert(input: {
    AccountId?: string;
    BudgetName?: string;
    Notification?: Notification;
  }): FakeAlert {
    const alert = this.budget(input).alerts.find((a) =>
      sameNotification(a.notification, input.Notification),
    );
    if (alert === undefined) throw awsError('NotFoundException', 'Unable to find the notification');
    return alert;
  }

  byArn(arn: string | undefined): FakeBudget {
    const prefix = `arn:${this.cloud.partition}:budgets::${this.cloud.accountId}:budget/`;
    const budget =
      arn?.startsWith(prefix) === true ? this.budgets.get(arn.slice(prefix.length)) : undefined;
    if (budget === undefined)
      throw awsError('NotFoundException', `Resource ${arn ?? ''} not found`);
    return budget;
  }

  checkAccount(accountId: string | undefined): void {
    if (accountId !== this.cloud.accountId) {
      throw awsError('AccessDeniedException', `Account ${accountId ?? ''} is not accessible`);
    }
  }
}

export function installBudgets(cloud: FakeCloud, stub: AwsClientStub<BudgetsClient>): FakeBudgets {
  const budgets = new FakeBudgets(cloud);
  cloud.refuseUnserved(stub, 'Budgets');

  cloud.serve(stub, CreateBudgetCommand, (i) => {
    budgets.checkAccount(i.AccountId);
    const name = i.Budget?.BudgetName ?? '';
    if (budgets.budgets.has(name)) {
      throw awsError(
        'DuplicateRecordException',
        `Error creating budget: ${name} - the budget already exists.`,
      );
    }
    budgets.budgets.set(name, {
      budget: structuredClone(required(i.Budget, 'Budget')),
      alerts: (i.NotificationsWithSubscribers ?? []).map((n) => ({
        notification: structuredClone(required(n.Notification, 'Notification')),
        subscribers: structuredClone(n.Subscribers ?? []),
      })),
      tags: new TagSet(i.ResourceTags ?? []),
    });
    return {};
  });
  cloud.serve(stub, DescribeBudgetCommand, (i) => {
    const { budget } = budgets.budget(i);
    const { FilterExpression, ...rest } = structuredClone(budget);
    return {
      Budget: {
        ...rest,
        ...(i.ShowFilterExpression === true && FilterExpression !== undefined
          ? { FilterExpression }
          : {}),
        BudgetLimit: {
          Amount: Number(budget.BudgetLimit?.Amount ?? 0).toFixed(1),
          Unit: budget.BudgetLimit?.Unit ?? 'USD',
        },
        CalculatedSpend: { ActualSpend: { Amount: '0.0', Unit: 'USD' } },
      },
    };
  });
  cloud.serve(stub, UpdateBudgetCommand, (i) => {
    const found = budgets.budget({ AccountId: i.AccountId, BudgetName: i.NewBudget?.BudgetName });
    found.budget = structuredClone(required(i.NewBudget, 'NewBudget'));
    return {};
  });

  cloud.serve(stub, DescribeNotificationsForBudgetCommand, (i) => ({
    Notifications: budgets.budget(i).alerts.map((a) => ({
      ...structuredClone(a.notification),
      NotificationState: 'OK' as const,
    })),
  }));
  cloud.serve(stub, DescribeSubscribersForNotificationCommand, (i) => ({
    Subscribers: structuredClone(budgets.alert(i).subscribers),
  }));
  cloud.serve(stub, CreateNotificationCommand, (i) => {
    const budget = budgets.budget(i);
    if (budget.alerts.some((a) => sameNotification(a.notification, i.Notification))) {
      throw awsError('DuplicateRecordException', 'The notification already exists');
    }
    budget.alerts.push({
      notification: structuredClone(required(i.Notification, 'Notification')),
      subscribers: structuredClone(i.Subscribers ?? []),
    });
    return {};
  });
  cloud.serve(stub, DeleteNotificationCommand, (i) => {
    const budget = budgets.budget(i);
    const alert = budgets.alert(i);
    budget.alerts = budget.alerts.filter((a) => a !== alert);
    return {};
  });
  const sameSubscriber = (a: Subscriber, b: Subscriber | undefined) =>
    a.SubscriptionType === b?.SubscriptionType && a.Address === b?.Address;
  cloud.serve(stub, CreateSubscriberCommand, (i) => {
    const alert = budgets.alert(i);
    if (alert.subscribers.some((s) => sameSubscriber(s, i.Subscriber))) {
      throw awsError('DuplicateRecordException', 'The subscriber already exists');
    }
    alert.subscribers.push(structuredClone(required(i.Subscriber, 'Subscriber')));
    return {};
  });
  cloud.serve(stub, DeleteSubscriberCommand, (i) => {
    const alert = budgets.alert(i);
    alert.subscribers = alert.subscribers.filter((s) => !sameSubscriber(s, i.Subscriber));
    return {};
  });

  cloud.serve(stub, ListTagsForResourceCommand, (i) => ({
    ResourceTags: budgets.byArn(i.ResourceARN).tags.list(),
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    budgets.byArn(i.ResourceARN).tags.add(i.ResourceTags ?? []);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    budgets.byArn(i.ResourceARN).tags.remove(i.ResourceTagKeys);
    return {};
  });
  return budgets;
}
