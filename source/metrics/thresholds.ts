/**
 * SLO thresholds: parsed once at plan time (bad expressions are usage errors), evaluated on
 * every snapshot against the run's totals so far.
 *
 * Grammar:  [<op>.][service.]<p50|p90|p95|p99|p99.9|mean|max> <|<=|>|>= <duration>
 *           [<op>.]errors <op> <percent>      achieved >|< <percent>     rate >|< <req/s>
 *           <op>.delivery >|< <percent>       (multicast delivery ratio)
 */
import {parseDuration, parsePercent} from '../cli/parse.js';
import type {OperationStats, RunSnapshot, ThresholdStatus} from '../engine/snapshot.js';
import {UsageError} from '../errors.js';

type Comparator = '<' | '<=' | '>' | '>=';
type Metric =
	| {readonly kind: 'latency'; readonly service: boolean; readonly stat: 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'mean' | 'max'}
	| {readonly kind: 'errors' | 'delivery' | 'achieved' | 'rate'};

export type Threshold = {
	readonly expression: string;
	readonly op: string | undefined;
	readonly metric: Metric;
	readonly comparator: Comparator;
	/** In the metric's unit: ms, percent (0..100) or req/s. */
	readonly limit: number;
};

export const thresholdGrammar = "use [op.][service.]p50|p90|p95|p99|p99.9|mean|max<DURATION, [op.]errors<PCT%, achieved>PCT%, rate>N or op.delivery>PCT%, e.g. 'p99<50ms'";

const statNames: Record<string, 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'mean' | 'max'> = {
	p50: 'p50', p90: 'p90', p95: 'p95', p99: 'p99', 'p99.9': 'p999', p999: 'p999', mean: 'mean', avg: 'mean', max: 'max',
};

export function parseThreshold(expression: string): Threshold {
	const text = String(expression).trim();
	const match = /^(.+?)\s*(<=|>=|<|>)\s*(\S+)$/.exec(text);
	const fail = (why: string): never => {
		throw new UsageError(`threshold '${text}': ${why}; ${thresholdGrammar}`);
	};

	if (!match) {
		return fail('no comparison');
	}

	const [, left, comparatorText, right] = match as unknown as [string, string, Comparator, string];
	const parts = left.split('.');
	// 'p99.9' contains a dot: join it back.
	if (parts.length >= 2 && /^p99$/.test(parts.at(-2)!) && /^9+$/.test(parts.at(-1)!)) {
		parts.splice(-2, 2, `${parts.at(-2)!}.${parts.at(-1)!}`);
	}

	const name = parts.pop()!;
	let service = false;
	if (parts.at(-1) === 'service') {
		service = true;
		parts.pop();
	}

	if (parts.length > 1) {
		return fail(`too many parts before '${name}'`);
	}

	const op = parts[0];
	const wrap = (value: () => number): number => {
		try {
			return value();
		} catch (error) {
			return fail(error instanceof UsageError ? `bad value '${right}'` : String(error));
		}
	};

	const stat = statNames[name];
	if (stat) {
		return {expression: text, op, metric: {kind: 'latency', service, stat}, comparator: comparatorText, limit: wrap(() => parseDuration(right, 'threshold'))};
	}

	if (service) {
		return fail(`'service.' applies to latency statistics only, not '${name}'`);
	}

	switch (name) {
		case 'errors':
		case 'delivery':
		case 'achieved': {
			if (name === 'delivery' && op === undefined) {
				return fail("delivery needs its operation, e.g. 'multicast.delivery>99%'");
			}

			if (name === 'achieved' && op !== undefined) {
				return fail('achieved applies to the whole run, not one operation');
			}

			return {expression: text, op, metric: {kind: name}, comparator: comparatorText, limit: wrap(() => parsePercent(right, 'threshold'))};
		}

		case 'rate': {
			const limit = Number(right.replace(/\/s$/, ''));
			if (!Number.isFinite(limit) || limit < 0) {
				return fail(`bad rate '${right}'`);
			}

			return {expression: text, op, metric: {kind: 'rate'}, comparator: comparatorText, limit};
		}

		default: {
			return fail(`unknown metric '${name}'`);
		}
	}
}

export function parseThresholds(expressions: readonly string[]): Threshold[] {
	return expressions.map(expression => parseThreshold(expression));
}

function compare(observed: number, comparator: Comparator, limit: number): boolean {
	switch (comparator) {
		case '<': {
			return observed < limit;
		}

		case '<=': {
			return observed <= limit;
		}

		case '>': {
			return observed > limit;
		}

		case '>=': {
			return observed >= limit;
		}
	}
}

type Source = Pick<RunSnapshot, 'total' | 'delivery'>;

/** The observed value of one threshold, undefined while there is no data (or the op is unknown). */
export function observe(threshold: Threshold, source: Source): number | undefined {
	const {total} = source;
	const stats: OperationStats | undefined = threshold.op === undefined || threshold.metric.kind === 'delivery'
		? total.all
		: total.ops.find(op => op.name === threshold.op);
	if (!stats) {
		return undefined;
	}

	switch (threshold.metric.kind) {
		case 'latency': {
			const summary = threshold.metric.service ? stats.service : stats.latency;
			return summary.count > 0 ? summary[threshold.metric.stat] : undefined;
		}

		case 'errors': {
			return stats.count > 0 ? (stats.errors / stats.count) * 100 : undefined;
		}

		case 'delivery': {
			const delivery = source.delivery;
			return delivery && delivery.targets > 0 ? delivery.ratio * 100 : undefined;
		}

		case 'achieved': {
			return total.offered > 0 && total.activeSeconds > 0 ? (total.achievedRate / total.offeredRate) * 100 : undefined;
		}

		case 'rate': {
			return total.activeSeconds > 0 && stats.count > 0 ? stats.count / total.activeSeconds : undefined;
		}
	}
}

export function evaluateThresholds(thresholds: readonly Threshold[], source: Source): ThresholdStatus[] {
	return thresholds.map(threshold => {
		const observed = observe(threshold, source);
		return {expression: threshold.expression, ok: observed === undefined ? undefined : compare(observed, threshold.comparator, threshold.limit), observed};
	});
}
