import type {LoadShape} from './shape.js';

/** The same rate for the whole run (k6's constant-arrival-rate). */
export function constantShape(rate: number, durationMs: number | undefined): LoadShape {
	return {
		durationMs,
		rateAt: () => rate,
		stageAt: () => undefined,
	};
}
