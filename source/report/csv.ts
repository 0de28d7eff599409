/**
 * The time series as CSV: one row per snapshot interval per operation, for spreadsheets, pandas
 * and gnuplot. Latencies in ms, rates per second; the rate and queue columns are the run's (all
 * operations together). An empty target_rate means "as fast as possible" (closed model). Rows
 * of a run over an hour are coarser for its older part (see engine/time-series.ts): duration_ms
 * says how long each row covers.
 */
import type {IntervalPoint} from '../engine/snapshot.js';

export const csvColumns = [
	't_s',
	'duration_ms',
	'op',
	'state',
	'count',
	'errors',
	'p50_ms',
	'p99_ms',
	'p999_ms',
	'max_ms',
	'service_p99_ms',
	'target_rate',
	'offered_rate',
	'achieved_rate',
	'completed_rate',
	'in_flight',
	'backlog',
] as const;

/** RFC 4180 field: quoted only when it holds a comma, quote or line break. */
function field(value: string | number): string {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? String(Number(value.toFixed(6))) : '';
	}

	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(series: readonly IntervalPoint[]): string {
	const lines = [csvColumns.join(',')];
	for (const point of series) {
		for (const [op, stats] of Object.entries(point.ops)) {
			const row: Array<string | number> = [
				point.t,
				point.durationMs,
				op,
				point.state,
				stats.count,
				stats.errors,
				stats.p50,
				stats.p99,
				stats.p999,
				stats.max,
				stats.serviceP99,
				point.targetRate,
				point.offeredRate,
				point.achievedRate,
				point.completedRate,
				point.inFlight,
				point.backlog,
			];
			lines.push(row.map(value => field(value)).join(','));
		}
	}

	return `${lines.join('\n')}\n`;
}
