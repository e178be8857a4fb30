import { DescribeBudgetsCommand, type BudgetsClient } from '@aws-sdk/client-budgets';
import { BUDGETED_SERVICES, budgetName } from '../provision/budgets.js';
import { isAwsError } from '../provision/step.js';

/** A cost budget this month: actual (and forecast) spend against its limit. */
export interface BudgetStatus {
  name: string;
  limit: number;
  actual: number;
  forecast: number | undefined;
  unit: string;
  /** actual / limit × 100, rounded to one decimal. */
  percent: number;
  exceeded: boolean;
}

/** The budget names `init` creates (guide §12). */
export const CCI_BUDGET_NAMES: readonly string[] = (
  Object.keys(BUDGETED_SERVICES) as Array<keyof typeof BUDGETED_SERVICES>
).map(budgetName);

/** Share of the limit from which the runbook lists a budget under "attention" (the alert's own 80 %). */
export const BUDGET_WARN_PERCENT = 80;

/**
 * The account's cci-lite budgets (every `cci-lite-` budget, so one added by
 * hand shows too). Spend figures come from Budgets' own calculation, which
 * lags the bill by up to a day.
 */
export async function describeCciBudgets(
  budgets: BudgetsClient,
  accountId: string,
): Promise<BudgetStatus[]> {
  const out: BudgetStatus[] = [];
  let token: string | undefined;
  do {
    const page = await budgets
      .send(
        new DescribeBudgetsCommand({
          AccountId: accountId,
          MaxResults: 100,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      )
      // An account without any budget answers NotFoundException, not an empty list.
      .catch((err: unknown) => {
        if (isAwsError(err, 'NotFoundException')) return { Budgets: [], NextToken: undefined };
        throw err;
      });
    for (const b of page.Budgets ?? []) {
      const name = b.BudgetName ?? '';
      if (!name.startsWith('cci-lite-')) continue;
      const limit = amount(b.BudgetLimit?.Amount) ?? 0;
      const actual = amount(b.CalculatedSpend?.ActualSpend?.Amount) ?? 0;
      const percent = limit > 0 ? Math.round((actual / limit) * 1000) / 10 : 0;
      out.push({
        name,
        limit,
        actual,
        forecast: amount(b.CalculatedSpend?.ForecastedSpend?.Amount),
        unit: b.BudgetLimit?.Unit ?? 'USD',
        percent,
        exceeded: actual > limit,
      });
    }
    token = page.NextToken;
  } while (token !== undefined);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function amount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
