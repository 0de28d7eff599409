/**
 * What the controller adds to each snapshot beyond raw merging: per-stage statistics, the knee,
 * live thresholds, and the killswitches that end a run early (error rate, failed thresholds).
 */
import type {LoadShape, StageRef} from '../load/shape.js';
import type {RunPlan} from './plan.js';
import type {EndReason, IntervalHistograms} from './run-handle.js';
import type {KneeInfo, RunSnapshot, StageStats, ThresholdStatus} from './snapshot.js';

type Base = Omit<RunSnapshot, 'stages' | 'thresholds' | 'knee'>;

/** Seconds of recent history the error-rate killswitch looks at. */
const errorWindowSeconds = 5;

export class RunExtensions {
	readonly #plan: RunPlan;
	readonly #shape: LoadShape;

	constructor(plan: RunPlan, shape: LoadShape) {
		this.#plan = plan;
		this.#shape = shape;
	}

	addInterval(_interval: IntervalHistograms, _stage: StageRef | undefined): void {}

	evaluate(_base: Base): {stages: readonly StageStats[]; thresholds: readonly ThresholdStatus[]; knee: KneeInfo | undefined} {
		const conclusion = this.#shape.conclusion;
		return {
			stages: [],
			thresholds: [],
			knee: conclusion ? {rate: conclusion.rate, atMs: 0, reason: conclusion.reason} : undefined,
		};
	}

	abortReason(snapshot: RunSnapshot): {reason: EndReason; message: string} | undefined {
		const limit = this.#plan.engine.abortOnErrorRate;
		if (limit && snapshot.activeMs >= limit.graceMs) {
			const recent = snapshot.series.filter(point => point.t >= snapshot.elapsedMs / 1000 - errorWindowSeconds);
			let errors = 0;
			let completed = 0;
			for (const point of recent) {
				for (const op of Object.values(point.ops)) {
					errors += op.errors;
					completed += op.count;
				}
			}

			const percent = completed > 0 ? (errors / completed) * 100 : 0;
			if (completed >= 10 && percent > limit.percent) {
				return {
					reason: 'error-rate',
					message: `aborted: error rate ${percent.toFixed(1)}% over the last ${errorWindowSeconds} s is above --abort-on-error-rate ${limit.percent}%`,
				};
			}
		}

		return undefined;
	}
}
