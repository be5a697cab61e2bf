/**
 * The definitions of the manager's figures, for the city server as well as the office: a day summed up from its
 * event log (`summarizeDay`), and the history views merged from such days. The city computes the same figures from
 * the logs its offices replicate by calling exactly this code, so a wait, a service level or an estimate's accuracy
 * means the same at the city as in the office (`@junban/server/insights`).
 */
export { summarizeDay, type DaySummary, type DayContext } from './day-summary.js';
export { Histogram } from './histogram.js';
export { servicesReport, servicesReportAcross, countersReport, trend } from './history.js';
export { isCounterEvent, statusSetBy, type NewEvent } from '../event-log/event-log.js';
export { dayContext, type ServiceDayRow, type CounterDayRow } from './store.js';
export { durationCells, minutesCell, shareCell } from './csv-cells.js';
