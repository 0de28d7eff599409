/**
 * The run's time series, bounded so a soak of hours or days keeps a fixed memory: every point
 * is kept until the series holds `limit` points (1 h at the default 250 ms interval); then the
 * older half is merged pairwise, so the newest half stays at full resolution and older stretches
 * get coarser the older they are. A merged point covers both intervals (`durationMs` adds up):
 * rates and counts stay exact (rates weighted by duration, counts summed); queue gauges,
 * dispatch lateness, utilisation and the latency percentiles are the worst of the two intervals
 * (percentiles cannot be merged from points — the exact per-interval histograms are what
 * `--hdr-log` streams to disk). Delivery ratio is cumulative, so the later value stands.
 */
import type {IntervalPoint} from './snapshot.js';

/** 1 h of 250 ms intervals: about 10 MB with three operations. */
export const defaultSeriesLimit = 14_400;

type OpPoint = IntervalPoint['ops'][string];

function mergeOps(a: OpPoint | undefined, b: OpPoint | undefined): OpPoint {
	if (!a || !b) {
		return (a ?? b)!;
	}

	return {
		count: a.count + b.count,
		errors: a.errors + b.errors,
		p50: Math.max(a.p50, b.p50),
		p99: Math.max(a.p99, b.p99),
		p999: Math.max(a.p999, b.p999),
		max: Math.max(a.max, b.max),
		serviceP99: Math.max(a.serviceP99, b.serviceP99),
	};
}

/** One point covering `a` and the interval right after it, `b`. */
export function mergePoints(a: IntervalPoint, b: IntervalPoint): IntervalPoint {
	const durationMs = a.durationMs + b.durationMs;
	const weighted = (x: number, y: number) => (x === y ? x : (x * a.durationMs + y * b.durationMs) / durationMs);
	const names = new Set([...Object.keys(a.ops), ...Object.keys(b.ops)]);
	const utilization = a.utilization === undefined && b.utilization === undefined ? undefined : Math.max(a.utilization ?? 0, b.utilization ?? 0);
	const deliveryRatio = b.deliveryRatio ?? a.deliveryRatio;
	return {
		t: b.t,
		durationMs,
		state: b.state,
		targetRate: weighted(a.targetRate, b.targetRate),
		offeredRate: weighted(a.offeredRate, b.offeredRate),
		achievedRate: weighted(a.achievedRate, b.achievedRate),
		completedRate: weighted(a.completedRate, b.completedRate),
		inFlight: Math.max(a.inFlight, b.inFlight),
		backlog: Math.max(a.backlog, b.backlog),
		errors: a.errors + b.errors,
		latenessP99: Math.max(a.latenessP99, b.latenessP99),
		...(utilization === undefined ? {} : {utilization}),
		ops: Object.fromEntries([...names].map(name => [name, mergeOps(a.ops[name], b.ops[name])])),
		...(deliveryRatio === undefined ? {} : {deliveryRatio}),
	};
}

export class TimeSeries {
	/** Oldest first; read by snapshots (the same array, appended to and compacted in place). */
	readonly points: IntervalPoint[] = [];
	readonly #limit: number;

	constructor(limit = defaultSeriesLimit) {
		if (!(limit >= 4)) {
			throw new RangeError(`a time series needs room for at least 4 points, got ${limit}`);
		}

		this.#limit = limit;
	}

	push(point: IntervalPoint): void {
		this.points.push(point);
		if (this.points.length > this.#limit) {
			this.#compact();
		}
	}

	/** Merge the older half pairwise (an odd last point of that half stays as it is). */
	#compact(): void {
		const older = Math.floor(this.points.length / 2);
		const merged: IntervalPoint[] = [];
		for (let index = 0; index + 1 < older; index += 2) {
			merged.push(mergePoints(this.points[index]!, this.points[index + 1]!));
		}

		if (older % 2 === 1) {
			merged.push(this.points[older - 1]!);
		}

		this.points.splice(0, older, ...merged);
	}
}
