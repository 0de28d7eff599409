/**
 * The knee: the first load level where latency breaks away from throughput. A level is past the
 * knee when its error rate crosses the limit, when it could not keep up (calls sent below 95% of
 * offered: the generator is held back by max-in-flight or a saturated connection), or when its p99 reaches 2× the baseline p99 (the first level's). Pure
 * functions shared by the live detection (RunExtensions) and the `knee` search shape.
 */
import type {StageStats} from '../engine/snapshot.js';
import {formatMs, formatRate} from '../report/format.js';

export type KneeCriteria = {
	/** p99 at or above this multiple of the baseline p99 is past the knee. */
	readonly latencyFactor: number;
	/** Errors above this percentage (0..100) of completed calls are past the knee. */
	readonly errorPercent: number;
	/** Calls sent (achieved) below this fraction of offered is past the knee. (Completions are not compared: in-flight calls bias a short level.) */
	readonly throughputRatio: number;
	/** A level is judged only with at least this many completed calls and this much active time. */
	readonly minSamples: number;
	readonly minMs: number;
};

export const defaultKneeCriteria: KneeCriteria = {latencyFactor: 2, errorPercent: 1, throughputRatio: 0.95, minSamples: 20, minMs: 1000};

/** p99 increases below this (ms) are noise, whatever the factor (a 0.2 ms baseline doubling is not a knee). */
const minIncreaseMs = 1;

/** Whether a stage carries load and has enough data to be judged (rest and off stages do not). */
export function judgeable(stage: StageStats, criteria: KneeCriteria): boolean {
	return stage.targetRate > 0 && stage.offeredRate > 0 && stage.count >= criteria.minSamples && stage.endMs - stage.startMs >= criteria.minMs;
}

/** Why `stage` is past the knee, given the baseline p99 (ms); undefined when it is not. */
export function pastKnee(stage: StageStats, baselineP99: number, criteria: KneeCriteria): string | undefined {
	const errorPercent = stage.errorRate * 100;
	if (errorPercent > criteria.errorPercent) {
		return `errors ${Number(errorPercent.toPrecision(3))}% crossed ${criteria.errorPercent}% at ${formatRate(stage.offeredRate)}`;
	}

	if (stage.achievedRate < criteria.throughputRatio * stage.offeredRate) {
		return `achieved ${formatRate(stage.achievedRate)} is ${Math.round((stage.achievedRate / stage.offeredRate) * 100)}% of offered ${formatRate(stage.offeredRate)} (below ${Math.round(criteria.throughputRatio * 100)}%)`;
	}

	const p99 = stage.latency.p99;
	if (baselineP99 > 0 && p99 >= criteria.latencyFactor * baselineP99 && p99 - baselineP99 >= minIncreaseMs) {
		return `p99 ${formatMs(p99)} at ${formatRate(stage.offeredRate)} is ${Number((p99 / baselineP99).toFixed(1))}× the baseline p99 ${formatMs(baselineP99)}`;
	}

	return undefined;
}

export type KneeFinding = {readonly stage: StageStats; readonly baseline: StageStats; readonly reason: string};

/** The first stage past the knee, judged against the first judgeable stage (the baseline). */
export function findKnee(stages: readonly StageStats[], criteria: KneeCriteria = defaultKneeCriteria): KneeFinding | undefined {
	let baseline: StageStats | undefined;
	for (const stage of stages) {
		if (!judgeable(stage, criteria)) {
			continue;
		}

		if (!baseline) {
			baseline = stage;
			// The baseline itself can be past the knee by errors or throughput, never by latency.
			const reason = pastKnee(stage, 0, criteria);
			if (reason) {
				return {stage, baseline, reason};
			}

			continue;
		}

		const reason = pastKnee(stage, baseline.latency.p99, criteria);
		if (reason) {
			return {stage, baseline, reason};
		}
	}

	return undefined;
}
