/**
 * `loadscope compare BASE NEW`: per-operation deltas between two JSON reports, with percentiles
 * recomputed from the stored HDR histograms (never from the rounded summary numbers).
 *
 * A regression, for a given --max-regression PCT:
 *   - latency: p50, p95, p99 or p99.9 (corrected latency) of an operation rose by more than PCT %;
 *   - throughput: an operation's completed calls per second fell by more than PCT %;
 *   - errors: an operation's error rate (failed / completed) rose by more than PCT % of its base
 *     value and by more than 0.1 percentage point (so 0 -> 1 failure in 100k is not one);
 *   - knee: both runs found a knee and the new one is lower by more than PCT %.
 */
import type {RunResult} from '../engine/run-handle.js';
import {decodeHistogram} from '../metrics/histogram.js';
import {formatMs, formatPercent, formatRate} from './format.js';

export const percentiles = [
	{key: 'p50', label: 'p50', percentile: 50},
	{key: 'p95', label: 'p95', percentile: 95},
	{key: 'p99', label: 'p99', percentile: 99},
	{key: 'p999', label: 'p99.9', percentile: 99.9},
] as const;

/** Smallest error-rate rise (as a fraction) that can count as a regression: 0.1 percentage point. */
export const errorRateFloor = 0.001;

export type OpFigures = {
	readonly count: number;
	/** Completed calls per active second. */
	readonly throughput: number;
	/** failed / completed, 0..1. */
	readonly errorRate: number;
	/** Corrected latency percentiles in ms, from the histogram. */
	readonly latency: Readonly<Record<(typeof percentiles)[number]['key'], number>>;
};

export type Delta = {
	readonly op: string;
	readonly metric: string;
	readonly base: number;
	readonly next: number;
	/** Relative change (next - base) / base; for errors the absolute change in the rate. */
	readonly change: number;
	readonly regression: boolean;
	readonly text: string;
};

export type Comparison = {
	readonly deltas: readonly Delta[];
	readonly regressions: readonly Delta[];
	readonly notes: readonly string[];
};

export function figures(result: RunResult): Map<string, OpFigures> {
	const seconds = result.final.total.activeSeconds;
	const out = new Map<string, OpFigures>();
	for (const op of result.final.total.ops) {
		const encoded = result.histograms[op.name];
		const histogram = decodeHistogram(encoded?.latency ?? '');
		const at = (percentile: number) => (histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000);
		out.set(op.name, {
			count: op.count,
			throughput: seconds > 0 ? op.count / seconds : 0,
			errorRate: op.count > 0 ? op.errors / op.count : 0,
			latency: {p50: at(50), p95: at(95), p99: at(99), p999: at(99.9)},
		});
	}

	return out;
}

const relative = (base: number, next: number) => (base === 0 ? (next === 0 ? 0 : Number.POSITIVE_INFINITY) : (next - base) / base);

function signed(fraction: number): string {
	if (!Number.isFinite(fraction)) {
		return 'new';
	}

	return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;
}

function describeLoad(result: RunResult): string {
	return JSON.stringify(result.plan.load);
}

/** Compare two runs; `maxRegression` is PCT (e.g. 10 for 10 %), undefined = report only. */
export function compareRuns(base: RunResult, next: RunResult, maxRegression: number | undefined): Comparison {
	const limit = maxRegression === undefined ? undefined : maxRegression / 100;
	const baseOps = figures(base);
	const nextOps = figures(next);
	const deltas: Delta[] = [];
	const notes: string[] = [];
	if (describeLoad(base) !== describeLoad(next)) {
		notes.push(`the load differs (base ${describeLoad(base)}, new ${describeLoad(next)}): throughput deltas compare different offers`);
	}

	for (const [op, a] of baseOps) {
		const b = nextOps.get(op);
		if (!b) {
			notes.push(`operation '${op}' is only in the base run`);
			continue;
		}

		const throughput = relative(a.throughput, b.throughput);
		deltas.push({
			op,
			metric: 'throughput',
			base: a.throughput,
			next: b.throughput,
			change: throughput,
			regression: limit !== undefined && a.throughput > 0 && -throughput > limit,
			text: `${formatRate(a.throughput)} -> ${formatRate(b.throughput)}`,
		});
		if (a.count > 0 && b.count > 0) {
			for (const {key, label} of percentiles) {
				const change = relative(a.latency[key], b.latency[key]);
				deltas.push({
					op,
					metric: label,
					base: a.latency[key],
					next: b.latency[key],
					change,
					regression: limit !== undefined && change > limit,
					text: `${formatMs(a.latency[key])} -> ${formatMs(b.latency[key])}`,
				});
			}
		}

		const rise = b.errorRate - a.errorRate;
		deltas.push({
			op,
			metric: 'errors',
			base: a.errorRate,
			next: b.errorRate,
			change: rise,
			regression: limit !== undefined && rise > Math.max(a.errorRate * limit, errorRateFloor),
			text: `${formatPercent(a.errorRate)} -> ${formatPercent(b.errorRate)}`,
		});
	}

	for (const op of nextOps.keys()) {
		if (!baseOps.has(op)) {
			notes.push(`operation '${op}' is only in the new run`);
		}
	}

	const baseKnee = base.final.knee;
	const nextKnee = next.final.knee;
	if (baseKnee && nextKnee) {
		const change = relative(baseKnee.rate, nextKnee.rate);
		deltas.push({
			op: '(run)',
			metric: 'knee',
			base: baseKnee.rate,
			next: nextKnee.rate,
			change,
			regression: limit !== undefined && -change > limit,
			text: `${formatRate(baseKnee.rate)} -> ${formatRate(nextKnee.rate)}`,
		});
	} else if (baseKnee || nextKnee) {
		notes.push(`knee: base ${baseKnee ? formatRate(baseKnee.rate) : 'none found'}, new ${nextKnee ? formatRate(nextKnee.rate) : 'none found'}`);
	}

	return {deltas, regressions: deltas.filter(delta => delta.regression), notes};
}

function changeText(delta: Delta): string {
	return delta.metric === 'errors' ? `${delta.change >= 0 ? '+' : ''}${(delta.change * 100).toFixed(2)} pp` : signed(delta.change);
}

function runLine(label: string, file: string, result: RunResult): string {
	const {total} = result.final;
	return `  ${label.padEnd(5)}${file}  (${result.plan.name}, ${result.startedAt}, ${total.activeSeconds.toFixed(1)} s, ${total.completed} calls, ended by ${result.endReason})`;
}

export function formatComparison(files: {base: string; next: string}, base: RunResult, next: RunResult, comparison: Comparison, maxRegression: number | undefined): string {
	const out = ['', 'loadscope compare', runLine('base', files.base, base), runLine('new', files.next, next), ''];
	out.push(`  ${'operation'.padEnd(16)}${'metric'.padEnd(12)}${'base'.padStart(11)}${'new'.padStart(11)}${'change'.padStart(11)}`);
	for (const delta of comparison.deltas) {
		const [from, to] = delta.text.split(' -> ');
		out.push(
			`  ${delta.op.slice(0, 15).padEnd(16)}${delta.metric.padEnd(12)}${from!.padStart(11)}${to!.padStart(11)}${changeText(delta).padStart(11)}${delta.regression ? '  REGRESSION' : ''}`,
		);
	}

	for (const note of comparison.notes) {
		out.push(`  note: ${note}`);
	}

	out.push('');
	if (maxRegression !== undefined) {
		out.push(
			comparison.regressions.length === 0
				? `No regression beyond ${maxRegression}%.`
				: `${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'} beyond ${maxRegression}%: ${comparison.regressions
						.map(delta => `${delta.op} ${delta.metric} ${changeText(delta)} (${delta.text})`)
						.join('; ')}`,
		);
		out.push('');
	}

	return out.join('\n');
}
