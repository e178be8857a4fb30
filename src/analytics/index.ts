export { SQL_CATALOGUE, QUERY_NAMES, getNamedQuery } from './sql-catalogue.js';
export type { NamedQuery, QueryParamName } from './named-query.js';
export {
  resolveQueryParams,
  assertQueryTenant,
  assertIsoDate,
  duckdbParameters,
  athenaExecutionParameters,
  OPEN_FROM,
  OPEN_TO,
  type QueryParamsInput,
  type QueryParamValues,
} from './query-params.js';
export {
  ATHENA_RESULTS_TABLE,
  ATHENA_RESULT_COLUMNS,
  CALLS_COLUMNS,
  CRITERIA_COLUMNS,
} from './relations.js';
export { toCsv, csvField } from './csv.js';
