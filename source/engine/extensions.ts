/**
 * What the controller adds to each snapshot beyond raw merging: per-stage statistics, the knee,
 * live thresholds, and the killswitches that end a run early (error rate, failed thresholds).
 */
import type {LoadShape} from '../load/shape.js';
import {defaultKneeCriteria, findKnee, type KneeCriteria} from '../metrics/knee.js';
import {evaluateThresholds, parseThresholds, type Threshold} from '../metrics/thresholds.js';
import type {RunPlan} from './plan.js';
import type {EndReason, IntervalHistograms} from './run-handle.js';
import type {KneeInfo, RunSnapshot, StageStats, ThresholdStatus} from './snapshot.js';
import {type StageContext, StageTracker} from './stage-tracker.js';

type Base = Omit<RunSnapshot, 'stages' | 'thresholds' | 'knee'>;

/** Seconds of recent history the error-rate killswitch looks at. */
const errorWindowSeconds = 5;

/** The run's overall errors threshold ('errors<0.5%') sets the knee's error limit; 1% without one. */
function errorLimit(thresholds: readonly Threshold[]): number {
	const errors = thresholds.find(threshold => threshold.metric.kind === 'errors' && threshold.op === undefined && threshold.comparator.startsWith('<'));
	return errors?.limit ?? defaultKneeCriteria.errorPercent;
}

export class RunExtensions {
	readonly #plan: RunPlan;
	readonly #shape: LoadShape;
	readonly #thresholds: readonly Threshold[];
	readonly #criteria: KneeCriteria;
	readonly #stages = new StageTracker();
	/** Active ms when the knee in a stage (keyed by its start) was first seen. */
	readonly #kneeSeenMs = new Map<number, number>();
	#conclusionMs: number | undefined;

	constructor(plan: RunPlan, shape: LoadShape) {
		this.#plan = plan;
		this.#shape = shape;
		this.#thresholds = parseThresholds(plan.thresholds);
		this.#criteria = {...defaultKneeCriteria, errorPercent: errorLimit(this.#thresholds)};
	}

	/** Merge one interval into its stage; an adaptive shape is told how its current stage is doing. */
	addInterval(interval: IntervalHistograms, context: StageContext & {readonly shapeMs: number}): void {
		this.#stages.add(interval, context);
		if (this.#shape.observe && context.state !== 'draining' && context.state !== 'done') {
			const current = this.#stages.currentShapeStage();
			if (current) {
				this.#shape.observe(current, context.shapeMs);
			}
		}
	}

	evaluate(base: Base): {stages: readonly StageStats[]; thresholds: readonly ThresholdStatus[]; knee: KneeInfo | undefined} {
		const stages = this.#stages.stages();
		return {
			stages,
			thresholds: evaluateThresholds(this.#thresholds, base),
			knee: this.#knee(stages, base.activeMs),
		};
	}

	/** The search shape's conclusion when it has one, else the first stage past the knee so far. */
	#knee(stages: readonly StageStats[], activeMs: number): KneeInfo | undefined {
		const conclusion = this.#shape.conclusion;
		if (conclusion) {
			this.#conclusionMs ??= activeMs;
			const level = [...stages].reverse().find(stage => Math.abs(stage.targetRate - conclusion.rate) <= conclusion.rate * 0.005);
			return {rate: conclusion.rate, atMs: level?.startMs ?? this.#conclusionMs, reason: conclusion.reason};
		}

		const finding = findKnee(stages, this.#criteria);
		if (!finding) {
			return undefined;
		}

		const {stage} = finding;
		const seen = this.#kneeSeenMs.get(stage.startMs) ?? Math.max(stage.startMs, Math.min(activeMs, stage.endMs - 1));
		this.#kneeSeenMs.set(stage.startMs, seen);
		return {rate: stage.targetRate, atMs: seen, reason: finding.reason};
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
