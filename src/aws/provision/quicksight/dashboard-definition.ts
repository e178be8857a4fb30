import type {
  ColumnIdentifier,
  DashboardVersionDefinition,
  DimensionField,
  MeasureField,
  Visual,
} from '@aws-sdk/client-quicksight';
import { QUICKSIGHT_IDS } from '../../catalog-names.js';

/**
 * The QA dashboard of guide §11 as a `Definition`: one sheet, four visuals.
 * Pure, so a unit test can check every field against the datasets' columns.
 */

/** Identifiers the visuals use for the two datasets (DataSetIdentifierDeclarations). */
export const DATASET_IDENTIFIERS = { results: 'results', criteria: 'criteria' } as const;
type DataSetIdentifier = (typeof DATASET_IDENTIFIERS)[keyof typeof DATASET_IDENTIFIERS];

export const SHEET_ID = 'qa-overview';

function column(dataSet: DataSetIdentifier, name: string): ColumnIdentifier {
  return { DataSetIdentifier: dataSet, ColumnName: name };
}

function dimension(fieldId: string, dataSet: DataSetIdentifier, name: string): DimensionField {
  return { CategoricalDimensionField: { FieldId: fieldId, Column: column(dataSet, name) } };
}

function day(fieldId: string, dataSet: DataSetIdentifier): DimensionField {
  return {
    DateDimensionField: {
      FieldId: fieldId,
      Column: column(dataSet, 'call_date'),
      DateGranularity: 'DAY',
    },
  };
}

function average(fieldId: string, dataSet: DataSetIdentifier, name: string): MeasureField {
  return {
    NumericalMeasureField: {
      FieldId: fieldId,
      Column: column(dataSet, name),
      AggregationFunction: { SimpleNumericalAggregation: 'AVERAGE' },
    },
  };
}

function distinctCount(fieldId: string, dataSet: DataSetIdentifier, name: string): MeasureField {
  return {
    CategoricalMeasureField: {
      FieldId: fieldId,
      Column: column(dataSet, name),
      AggregationFunction: 'DISTINCT_COUNT',
    },
  };
}

function title(text: string) {
  return { Visibility: 'VISIBLE' as const, FormatText: { PlainText: text } };
}

/** KPI: overall QA% = average of passed criteria (0/100), with its daily trend. */
function qaKpi(): Visual {
  return {
    KPIVisual: {
      VisualId: 'kpi-overall-qa',
      Title: title('Overall QA %'),
      ChartConfiguration: {
        FieldWells: {
          Values: [average('qa-pct', DATASET_IDENTIFIERS.criteria, 'passed_pct')],
          TrendGroups: [day('qa-day', DATASET_IDENTIFIERS.criteria)],
        },
      },
    },
  };
}

/** Table: criteria by fail rate (average of failed 0/1) with the number of calls. */
function topFailedTable(): Visual {
  return {
    TableVisual: {
      VisualId: 'table-top-failed-criteria',
      Title: title('Top failed criteria'),
      ChartConfiguration: {
        FieldWells: {
          TableAggregatedFieldWells: {
            GroupBy: [
              dimension('tf-criterion', DATASET_IDENTIFIERS.criteria, 'criterion_id'),
              dimension('tf-question', DATASET_IDENTIFIERS.criteria, 'question'),
            ],
            Values: [
              average('tf-fail-rate', DATASET_IDENTIFIERS.criteria, 'failed'),
              distinctCount('tf-calls', DATASET_IDENTIFIERS.criteria, 'call_id'),
            ],
          },
        },
        SortConfiguration: {
          RowSort: [
            { FieldSort: { FieldId: 'tf-fail-rate', Direction: 'DESC' } },
            { FieldSort: { FieldId: 'tf-calls', Direction: 'DESC' } },
          ],
        },
        FieldOptions: {
          SelectedFieldOptions: [
            { FieldId: 'tf-criterion', CustomLabel: 'criterion' },
            { FieldId: 'tf-question', CustomLabel: 'question' },
            { FieldId: 'tf-fail-rate', CustomLabel: 'fail_rate' },
            { FieldId: 'tf-calls', CustomLabel: 'calls' },
          ],
        },
      },
    },
  };
}

/** Heatmap: agent × criterion, coloured by fail rate (guide §11, once agent ids exist). */
function agentCriterionHeatMap(): Visual {
  return {
    HeatMapVisual: {
      VisualId: 'heatmap-agent-criterion',
      Title: title('Fail rate: agent x criterion'),
      ChartConfiguration: {
        FieldWells: {
          HeatMapAggregatedFieldWells: {
            Rows: [dimension('hm-agent', DATASET_IDENTIFIERS.criteria, 'agent_id')],
            Columns: [dimension('hm-criterion', DATASET_IDENTIFIERS.criteria, 'criterion_id')],
            Values: [average('hm-fail-rate', DATASET_IDENTIFIERS.criteria, 'failed')],
          },
        },
      },
    },
  };
}

/** Line chart: daily average tone score and sentiment score (both 0–100). */
function toneSentimentTrend(): Visual {
  return {
    LineChartVisual: {
      VisualId: 'line-tone-sentiment',
      Title: title('Tone and sentiment over time'),
      ChartConfiguration: {
        FieldWells: {
          LineChartAggregatedFieldWells: {
            Category: [day('ts-day', DATASET_IDENTIFIERS.results)],
            Values: [
              average('ts-tone', DATASET_IDENTIFIERS.results, 'tone_score'),
              average('ts-sentiment', DATASET_IDENTIFIERS.results, 'sentiment_score'),
            ],
          },
        },
      },
    },
  };
}

/** The whole definition; dataset ARNs come from the caller (they name region and account). */
export function dashboardDefinition(dataSetArns: {
  results: string;
  criteria: string;
}): DashboardVersionDefinition {
  return {
    DataSetIdentifierDeclarations: [
      { Identifier: DATASET_IDENTIFIERS.results, DataSetArn: dataSetArns.results },
      { Identifier: DATASET_IDENTIFIERS.criteria, DataSetArn: dataSetArns.criteria },
    ],
    Sheets: [
      {
        SheetId: SHEET_ID,
        Name: 'QA overview',
        Visuals: [qaKpi(), topFailedTable(), agentCriterionHeatMap(), toneSentimentTrend()],
      },
    ],
  };
}

/** The dashboard's id and name, with the dataset ids it declares. */
export const DASHBOARD = {
  id: QUICKSIGHT_IDS.dashboard,
  name: 'cci-lite call QA',
} as const;
