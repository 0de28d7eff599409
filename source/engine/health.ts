/**
 * Is the generator, rather than the target, the bottleneck? Looks at the signals a user cannot
 * see from the target's side: busy worker threads, late dispatches and event-loop delay.
 */
import type {WorkerHealth} from './snapshot.js';

export type HealthSignals = {
	readonly workers: readonly WorkerHealth[];
	/** Dispatch lateness p99 over the interval, ms. */
	readonly latenessP99: number;
	readonly mainEventLoopDelayP99: number;
	/** Arrivals offered and sent in the interval, and what was queued at the in-flight cap. */
	readonly offered: number;
	readonly dispatched: number;
	readonly backlog: number;
};

const busyUtilization = 0.9;
const lateMs = 10;
const loopDelayMs = 50;

export function findBottleneck(signals: HealthSignals): string | undefined {
	const busy = signals.workers.filter(worker => worker.alive && worker.utilization >= busyUtilization);
	if (busy.length > 0) {
		const worst = busy.reduce((a, b) => (b.utilization > a.utilization ? b : a));
		return `worker ${worst.workerId} is ${Math.round(worst.utilization * 100)}% busy: the generator is saturated (add --workers or lower the rate)`;
	}

	if (signals.latenessP99 >= lateMs && signals.backlog === 0) {
		return `sends are late: dispatch lateness p99 ${signals.latenessP99.toFixed(1)} ms (the generator cannot keep the schedule)`;
	}

	const slowLoop = signals.workers.find(worker => worker.alive && worker.eventLoopDelayP99 >= loopDelayMs);
	if (slowLoop) {
		return `worker ${slowLoop.workerId} event loop delayed ${slowLoop.eventLoopDelayP99.toFixed(0)} ms (p99)`;
	}

	if (signals.offered >= 20 && signals.dispatched < 0.95 * signals.offered && signals.backlog === 0) {
		return `only ${Math.round((signals.dispatched / signals.offered) * 100)}% of scheduled calls were sent`;
	}

	return undefined;
}
