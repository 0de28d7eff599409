/** Picking and resampling the time series for charts and sparklines. */
import type {IntervalPoint} from '../engine/snapshot.js';

/** Points of the last `seconds` of the run (by the time of the newest point). */
export function recentPoints(series: readonly IntervalPoint[], seconds: number): readonly IntervalPoint[] {
	const last = series.at(-1);
	if (!last) {
		return [];
	}

	let start = series.length;
	while (start > 0 && series[start - 1]!.t > last.t - seconds) {
		start--;
	}

	return series.slice(start);
}

/**
 * Fit `values` into `width` columns: averages groups when there are more values than columns,
 * keeps them as they are when there are fewer (the chart then grows from the left).
 */
export function resample(values: readonly number[], width: number): number[] {
	if (width <= 0) {
		return [];
	}

	if (values.length <= width) {
		return [...values];
	}

	const result: number[] = [];
	for (let column = 0; column < width; column++) {
		const from = Math.floor((column * values.length) / width);
		const to = Math.max(from + 1, Math.floor(((column + 1) * values.length) / width));
		let sum = 0;
		for (let index = from; index < to; index++) {
			sum += values[index]!;
		}

		result.push(sum / (to - from));
	}

	return result;
}
