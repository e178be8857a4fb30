export {
  buildDashboard,
  type BuildDashboardOptions,
  type BuiltDashboard,
} from './build-dashboard.js';
export { collectDashboardData, type DashboardData } from './dashboard-data.js';
export { renderDashboardHtml } from './render-html.js';
