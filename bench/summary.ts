/**
 * The controller's per-interval cost: summarize() (one walk over the buckets) against the same
 * summary from hdr-histogram-js's own mean / stdDeviation getters (three iterator walks), on the
 * same long-tailed histogram, in the same run. The controller summarizes every operation's
 * interval, window and cumulative histograms (corrected and service) 4 times a second.
 */
import {performance} from 'node:perf_hooks';
import {createHistogram, recordMs, summarize, type Histogram} from '../source/metrics/histogram.js';

function libraryGetters(histogram: Histogram): number {
	return histogram.mean + histogram.stdDeviation + histogram.getValueAtPercentile(50) + histogram.getValueAtPercentile(90)
		+ histogram.getValueAtPercentile(95) + histogram.getValueAtPercentile(99) + histogram.getValueAtPercentile(99.9);
}

function perSecond(summary: () => unknown, seconds: number): number {
	let calls = 0;
	const started = performance.now();
	while (performance.now() - started < seconds * 1000) {
		summary();
		calls++;
	}

	return calls / ((performance.now() - started) / 1000);
}

export async function run(log: (line: string) => void): Promise<void> {
	const histogram = createHistogram();
	let state = 1;
	for (let i = 0; i < 200_000; i++) {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		// 0.2 ms to ~5 s, most calls a few ms: a cumulative histogram after a long, uneven run.
		recordMs(histogram, 0.2 * Math.exp((state / 2_147_483_648) ** 2 * 10));
	}

	// Alternate the two so drift of this shared VM hits both alike.
	const ours: number[] = [];
	const library: number[] = [];
	for (let round = 0; round < 3; round++) {
		ours.push(perSecond(() => summarize(histogram), 1));
		library.push(perSecond(() => libraryGetters(histogram), 1));
	}

	const best = (values: number[]) => Math.max(...values);
	log(`summary of a 200,000-sample long-tailed histogram: ${best(ours).toFixed(0)}/s one-pass vs ${best(library).toFixed(0)}/s with the library's getters`);
	log(`ratio one-pass / library getters: ${(best(ours) / best(library)).toFixed(1)}x`);
}
