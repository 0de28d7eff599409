import {performance} from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond resolution, comparable across worker threads. */
export function epochNow(): number {
	return performance.timeOrigin + performance.now();
}
