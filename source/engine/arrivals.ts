/**
 * Schedule math: when should the next arrival start? Pure functions, table-tested.
 * Times are epoch ms (float); rates are per second for one worker.
 */
import type {ArrivalProcess} from './messages.js';

/** Gap to the next arrival, ms. `random` in (0, 1] for Poisson (exponential inter-arrival times). */
export function arrivalGap(rate: number, arrival: ArrivalProcess, random: () => number = Math.random): number {
	if (!(rate > 0)) {
		return Number.POSITIVE_INFINITY;
	}

	const mean = 1000 / rate;
	if (arrival === 'poisson') {
		// 1 - U is in (0, 1], so the log is finite.
		return -Math.log(1 - random()) * mean;
	}

	return mean;
}

/** First arrival of a worker: staggered by `phase` (0..1) of one gap so workers do not fire together. */
export function firstArrival(startMs: number, rate: number, arrival: ArrivalProcess, phase: number, random: () => number = Math.random): number {
	if (!(rate > 0)) {
		return Number.POSITIVE_INFINITY;
	}

	return arrival === 'poisson' ? startMs + arrivalGap(rate, arrival, random) : startMs + (phase * 1000) / rate;
}

/**
 * Next arrival after a rate change at `nowMs`. The new rate applies from now: the next arrival is
 * one new gap after the last one, but never in the past (no catch-up burst when the rate rises)
 * and never later than the old schedule said when the rate rose.
 */
export function rescheduleAfterRateChange(options: {
	readonly lastArrivalMs: number | undefined;
	readonly pendingMs: number;
	readonly nowMs: number;
	readonly newRate: number;
	readonly arrival: ArrivalProcess;
	readonly random?: () => number;
}): number {
	const {lastArrivalMs, pendingMs, nowMs, newRate, arrival} = options;
	if (!(newRate > 0)) {
		return Number.POSITIVE_INFINITY;
	}

	const gap = arrivalGap(newRate, arrival, options.random);
	if (arrival === 'poisson') {
		// Memoryless: a fresh gap from now.
		return nowMs + gap;
	}

	const fromLast = lastArrivalMs === undefined ? nowMs : lastArrivalMs + gap;
	const next = Math.max(fromLast, nowMs);
	return Number.isFinite(pendingMs) && pendingMs >= nowMs ? Math.min(next, Math.max(pendingMs, nowMs)) : next;
}
