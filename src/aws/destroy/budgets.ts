import { DeleteBudgetCommand, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import { BUDGETED_SERVICES, budgetName, type BudgetLimits } from '../provision/budgets.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('NotFoundException');

/** Guide §12: the three monthly budgets (their notifications and subscribers go with them). */
export const budgetsDestroyStep: DestroyStep = {
  id: 'budgets',
  title: '§12 Budgets',
  async run(clients, ctx, r) {
    const AccountId = ctx.deployment.accountId;
    for (const key of Object.keys(BUDGETED_SERVICES) as Array<keyof BudgetLimits>) {
      const BudgetName = budgetName(key);
      await r.readAndRemove(
        { type: 'Budget', name: BudgetName },
        async () =>
          (await clients.budgets.send(new DescribeBudgetCommand({ AccountId, BudgetName }))).Budget,
        () => clients.budgets.send(new DeleteBudgetCommand({ AccountId, BudgetName })),
        missing,
      );
    }
  },
};
