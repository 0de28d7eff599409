/**
 * Send rate over every window of consecutive active intervals that spans about one second, in
 * order of the window's start (the first is the run's first second). Rate accuracy is judged on
 * these sliding windows: whole-second buckets can straddle a 250 ms interval and show false peaks.
 */
import type {IntervalPoint} from '../engine/snapshot.js';

export function oneSecondRates(series: readonly IntervalPoint[]): number[] {
	const active = series.filter(point => point.state !== 'draining' && point.state !== 'done' && point.state !== 'paused');
	const rates: number[] = [];
	for (let first = 0; first < active.length; first++) {
		let count = 0;
		let ms = 0;
		for (let last = first; last < active.length && ms < 1000; last++) {
			count += (active[last]!.achievedRate * active[last]!.durationMs) / 1000;
			ms += active[last]!.durationMs;
		}

		if (ms >= 950) {
			rates.push(count / (ms / 1000));
		}
	}

	return rates;
}
