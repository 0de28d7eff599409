/**
 * summarize() and logBuckets() walk the histogram's buckets themselves: their mean, standard
 * deviation and bucket counts equal what hdr-histogram-js's own getters and iterator give.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {addEncoded, createHistogram, encodeHistogram, logBuckets, recordMs, summarize, type Histogram} from '../../source/metrics/histogram.js';

function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const close = (actual: number, expected: number, what: string) => {
	assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9 + 1e-9, `${what}: ${actual} vs the library's ${expected}`);
};

test('mean and stddev match the library on uniform, long-tailed, single-value and merged histograms', () => {
	const random = seeded(7);
	const shapes: Record<string, () => number> = {
		uniform: () => 1 + random() * 50,
		'long tail': () => 0.2 * Math.exp(random() * 12),
		single: () => 20,
		'sub-microsecond': () => random() * 0.002,
	};
	for (const [name, draw] of Object.entries(shapes)) {
		const histogram = createHistogram();
		for (let i = 0; i < 20_000; i++) {
			recordMs(histogram, draw());
		}

		const summary = summarize(histogram);
		close(summary.mean, histogram.mean / 1000, `${name} mean`);
		close(summary.stddev, histogram.stdDeviation / 1000, `${name} stddev`);
		assert.equal(summary.p99, histogram.getValueAtPercentile(99) / 1000);
	}

	// Merged from the workers' transport form, as the controller does.
	const merged = createHistogram();
	for (let worker = 0; worker < 3; worker++) {
		const part = createHistogram();
		for (let i = 0; i < 5000; i++) {
			recordMs(part, (worker + 1) * 3 + random() * 100);
		}

		addEncoded(merged, encodeHistogram(part));
	}

	const summary = summarize(merged);
	assert.equal(summary.count, 15_000);
	close(summary.mean, merged.mean / 1000, 'merged mean');
	close(summary.stddev, merged.stdDeviation / 1000, 'merged stddev');
});

/** logBuckets as the library's recorded-values iterator would fill them. */
function bucketsByIterator(histogram: Histogram, bounds: readonly number[]): number[] {
	const iterator = (histogram as unknown as {recordedValuesIterator: {reset(): void; hasNext(): boolean; next(): {valueIteratedTo: number; countAtValueIteratedTo: number}}}).recordedValuesIterator;
	const counts = bounds.map(() => 0);
	iterator.reset();
	while (iterator.hasNext()) {
		const {valueIteratedTo, countAtValueIteratedTo} = iterator.next();
		const at = bounds.findIndex(bound => valueIteratedTo / 1000 <= bound);
		counts[at === -1 ? bounds.length - 1 : at]! += countAtValueIteratedTo;
	}

	return counts;
}

test('logBuckets counts every sample once, in the bucket where the library iterator puts it', () => {
	const random = seeded(11);
	const histogram = createHistogram();
	for (let i = 0; i < 30_000; i++) {
		recordMs(histogram, 0.05 * Math.exp(random() * 10));
	}

	const buckets = logBuckets(histogram);
	assert.ok(buckets.length > 10, `${buckets.length} buckets`);
	assert.equal(buckets.reduce((sum, bucket) => sum + bucket.count, 0), 30_000);
	assert.deepEqual(buckets.map(bucket => bucket.count), bucketsByIterator(histogram, buckets.map(bucket => bucket.le)));
});
