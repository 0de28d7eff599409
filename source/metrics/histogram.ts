/**
 * The one place that knows hdr-histogram-js. Values are recorded in microseconds (integers) from
 * 1 us to 1 h with 3 significant digits; summaries are reported in milliseconds.
 */
import hdr, {type Histogram} from 'hdr-histogram-js';
import type {Bucket, LatencySummary} from '../engine/snapshot.js';

export type {Histogram} from 'hdr-histogram-js';

/** Highest trackable value, us (1 hour). Larger values are clamped to it. */
export const highestMicros = 3_600_000_000;

export function createHistogram(): Histogram {
	return hdr.build({
		bitBucketSize: 32,
		lowestDiscernibleValue: 1,
		highestTrackableValue: highestMicros,
		numberOfSignificantValueDigits: 3,
		useWebAssembly: false,
	});
}

/** Record a duration given in ms (float) as whole microseconds, clamped to [1 us, 1 h]. */
export function recordMs(histogram: Histogram, ms: number): void {
	const micros = Math.round(ms * 1000);
	histogram.recordValue(micros < 1 ? 1 : micros > highestMicros ? highestMicros : micros);
}

/** Compact transport form: compressed base64, '' for an empty histogram. */
export function encodeHistogram(histogram: Histogram): string {
	return histogram.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
	if (encoded === '') {
		return createHistogram();
	}

	return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Add an encoded histogram into `into` (merging, never averaging). */
export function addEncoded(into: Histogram, encoded: string): void {
	if (encoded !== '') {
		into.add(decodeHistogram(encoded));
	}
}

export const emptySummary: LatencySummary = {count: 0, min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0};

/** The JS implementation's bucket access (the only one we build); the published type does not declare it. */
type Buckets = {
	countsArrayIndex(value: number): number;
	getCountAtIndex(index: number): number;
	valueFromIndex(index: number): number;
	medianEquivalentValue(value: number): number;
	highestEquivalentValue(value: number): number;
};

const toMs = (micros: number): number => micros / 1000;

/**
 * Mean and standard deviation as hdr-histogram-js defines them (each bucket at its median
 * equivalent value), from one walk over the buckets up to the max. The library's own getters walk
 * its iterator three times (stdDeviation recomputes the mean), which made summaries the main
 * thread's largest cost.
 */
function moments(histogram: Histogram): {mean: number; stddev: number} {
	const buckets = histogram as unknown as Buckets;
	const last = buckets.countsArrayIndex(histogram.maxValue);
	const values: number[] = [];
	const counts: number[] = [];
	let total = 0;
	for (let index = 0; index <= last; index++) {
		const count = buckets.getCountAtIndex(index);
		if (count > 0) {
			const value = buckets.medianEquivalentValue(buckets.valueFromIndex(index));
			values.push(value);
			counts.push(count);
			total += value * count;
		}
	}

	const mean = total / histogram.totalCount;
	let deviations = 0;
	for (const [i, value] of values.entries()) {
		deviations += (value - mean) * (value - mean) * counts[i]!;
	}

	return {mean, stddev: Math.sqrt(deviations / histogram.totalCount)};
}

export function summarize(histogram: Histogram): LatencySummary {
	const count = histogram.totalCount;
	if (count === 0) {
		return emptySummary;
	}

	const {mean, stddev} = moments(histogram);
	return {
		count,
		min: toMs(histogram.minNonZeroValue),
		mean: toMs(mean),
		stddev: toMs(stddev),
		p50: toMs(histogram.getValueAtPercentile(50)),
		p90: toMs(histogram.getValueAtPercentile(90)),
		p95: toMs(histogram.getValueAtPercentile(95)),
		p99: toMs(histogram.getValueAtPercentile(99)),
		p999: toMs(histogram.getValueAtPercentile(99.9)),
		max: toMs(histogram.maxValue),
	};
}

/** Value at a percentile (0..100) in ms; 0 when empty. */
export function percentileMs(histogram: Histogram, percentile: number): number {
	return histogram.totalCount === 0 ? 0 : toMs(histogram.getValueAtPercentile(percentile));
}

/**
 * Log-spaced distribution for display: `perDecade` buckets per factor of ten between the
 * histogram's min and max, each counting samples up to its upper bound (ms).
 */
export function logBuckets(histogram: Histogram, perDecade = 4): Bucket[] {
	if (histogram.totalCount === 0) {
		return [];
	}

	const minMicros = Math.max(1, histogram.minNonZeroValue);
	const maxMicros = Math.max(minMicros, histogram.maxValue);
	const step = 10 ** (1 / perDecade);
	const bounds: number[] = [];
	let bound = 10 ** (Math.floor(Math.log10(minMicros) * perDecade) / perDecade);
	while (bound < maxMicros) {
		bound *= step;
		bounds.push(bound);
	}

	if (bounds.length === 0) {
		bounds.push(maxMicros);
	}

	const counts = bounds.map(() => 0);
	let index = 0;
	// Walk the recorded buckets once (each at its highest equivalent value, as the library's
	// recorded-values iterator reports it); bounds are ascending.
	const buckets = histogram as unknown as Buckets;
	const last = buckets.countsArrayIndex(histogram.maxValue);
	for (let at = 0; at <= last; at++) {
		const count = buckets.getCountAtIndex(at);
		if (count === 0) {
			continue;
		}

		const micros = buckets.highestEquivalentValue(buckets.valueFromIndex(at));
		while (index < bounds.length - 1 && micros > bounds[index]!) {
			index++;
		}

		counts[index]! += count;
	}

	return bounds.map((le, i) => ({le: toMs(le), count: counts[i]!}));
}
