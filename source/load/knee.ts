/**
 * The `knee` search shape: geometric steps up from `start` (× `factor`, each held `step-duration`)
 * until a level is past the knee, then bisection between the last good and the first bad level
 * until they are within `precision`; bounded by `max-rate` and `max-time`. A level is judged on its
 * own stage statistics (observe()), by the same rules as the live knee (source/metrics/knee.ts),
 * against the first level's p99. A bad level ends as soon as it is judged, and is followed by a
 * short rest at 0 req/s so its queue drains before the next, lower level is measured.
 *
 * The search itself (`KneeSearch`) is plain state driven by observe(): table-tested without threads.
 */
import {UsageError} from '../errors.js';
import type {StageStats} from '../engine/snapshot.js';
import {defaultKneeCriteria, judgeable, type KneeCriteria, pastKnee} from '../metrics/knee.js';
import {formatMs, formatRate} from '../report/format.js';
import {parsePercent} from '../cli/parse.js';
import {checkKeys, has, readDuration, readNumber, readRate} from './fields.js';
import {rateName} from './segments.js';
import type {LoadShape, ShapeSpec, StageRef} from './shape.js';

export type KneeSearchOptions = {
	/** First level, req/s: the baseline. */
	readonly start: number;
	/** Each step up multiplies the rate by this (> 1). */
	readonly factor: number;
	/** How long each level is held, ms. */
	readonly stepMs: number;
	/** Highest level tried, req/s. */
	readonly maxRate: number;
	/** The search ends by this active time, ms, with what it has. */
	readonly maxTimeMs: number;
	/** Bisection stops when first bad - last good is within this fraction of last good. */
	readonly precision: number;
	readonly criteria: KneeCriteria;
};

export type KneeLevel = {
	readonly index: number;
	readonly kind: 'step' | 'bisect' | 'rest';
	readonly rate: number;
	readonly startMs: number;
	/** undefined while it runs. */
	endMs: number | undefined;
	/** A rest's planned length, ms. */
	readonly restMs?: number;
	/** undefined = not judged (rest, or still running); 'good' or why it is past the knee. */
	verdict: string | undefined;
};

type Judged = {readonly rate: number; readonly p99: number; readonly reason?: string};

/** Rest after a bad level: long enough to drain its excess calls at the rate it completed them. */
const minRestMs = 500;

export class KneeSearch {
	readonly options: KneeSearchOptions;
	readonly levels: KneeLevel[] = [];
	conclusion: {rate: number; reason: string} | undefined;
	/** Active ms the search ended at (a knee found, max-rate reached, or max-time). */
	endedMs: number | undefined;
	/** Why the search ended, in words. */
	outcome: string | undefined;
	#baselineP99: number | undefined;
	#lastGood: Judged | undefined;
	#firstBad: Judged | undefined;
	/** Bisection level to start after the current rest. */
	#nextRate = 0;

	constructor(options: KneeSearchOptions) {
		this.options = options;
		this.levels.push({index: 0, kind: 'step', rate: options.start, startMs: 0, endMs: undefined, verdict: undefined});
	}

	get durationMs(): number {
		return this.endedMs ?? this.options.maxTimeMs;
	}

	levelAt(tMs: number): KneeLevel {
		for (let index = this.levels.length - 1; index > 0; index--) {
			if (this.levels[index]!.startMs <= tMs) {
				return this.levels[index]!;
			}
		}

		return this.levels[0]!;
	}

	rateAt(tMs: number): number {
		return this.levelAt(tMs).rate;
	}

	/** The current level's statistics so far, at shape time `tMs`: decide whether to move on. */
	observe(stage: StageStats, tMs: number): void {
		const current = this.levels.at(-1)!;
		if (this.endedMs !== undefined || stage.index !== current.index) {
			return;
		}

		if (tMs >= this.options.maxTimeMs) {
			this.#end(tMs, `max-time ${formatMs(this.options.maxTimeMs)} reached`);
			return;
		}

		const elapsed = tMs - current.startMs;
		if (current.kind === 'rest') {
			if (elapsed >= (current.restMs ?? 0)) {
				this.#startLevel(this.#nextRate, 'bisect', tMs);
			}

			return;
		}

		if (!judgeable(stage, this.options.criteria)) {
			return;
		}

		const reason = pastKnee(stage, this.#baselineP99 ?? 0, this.options.criteria);
		if (reason) {
			current.verdict = reason;
			this.#onBad(current, stage, reason, tMs);
		} else if (elapsed >= this.options.stepMs) {
			current.verdict = 'good';
			this.#onGood(current, stage, tMs);
		}
	}

	#onGood(level: KneeLevel, stage: StageStats, tMs: number): void {
		this.#baselineP99 ??= stage.latency.p99;
		this.#lastGood = {rate: level.rate, p99: stage.latency.p99};
		if (this.#firstBad) {
			this.#bisectOrConclude(tMs, undefined);
			return;
		}

		if (level.rate >= this.options.maxRate) {
			this.#end(tMs, `no knee up to max-rate ${formatRate(this.options.maxRate)}`);
			return;
		}

		this.#startLevel(Math.min(this.options.maxRate, level.rate * this.options.factor), 'step', tMs);
	}

	#onBad(level: KneeLevel, stage: StageStats, reason: string, tMs: number): void {
		this.#firstBad = {rate: level.rate, p99: stage.latency.p99, reason};
		if (!this.#lastGood) {
			this.conclusion = {rate: level.rate, reason: `already past the knee at the start rate: ${reason}`};
			this.#end(tMs, 'the start rate is past the knee');
			return;
		}

		const seconds = (stage.endMs - stage.startMs) / 1000;
		const excess = Math.max(0, (stage.offeredRate - stage.completedRate) * seconds);
		const drainMs = (excess / Math.max(1, stage.completedRate)) * 1000;
		this.#bisectOrConclude(tMs, Math.min(this.options.stepMs, Math.max(minRestMs, 1.5 * drainMs)));
	}

	/** Next bisection level (after a rest when `restMs` is given), or the conclusion when converged. */
	#bisectOrConclude(tMs: number, restMs: number | undefined): void {
		const good = this.#lastGood!;
		const bad = this.#firstBad!;
		if (bad.rate - good.rate <= good.rate * this.options.precision) {
			this.conclusion = {
				rate: good.rate,
				reason: `between ${formatRate(good.rate)} (good, p99 ${formatMs(good.p99)}) and ${formatRate(bad.rate)} (${bad.reason})`,
			};
			this.#end(tMs, 'the knee is within precision');
			return;
		}

		const next = (good.rate + bad.rate) / 2;
		if (restMs === undefined) {
			this.#startLevel(next, 'bisect', tMs);
		} else {
			this.#nextRate = next;
			this.#startLevel(0, 'rest', tMs, restMs);
		}
	}

	#startLevel(rate: number, kind: KneeLevel['kind'], tMs: number, restMs?: number): void {
		const current = this.levels.at(-1)!;
		current.endMs = tMs;
		this.levels.push({index: this.levels.length, kind, rate, startMs: tMs, endMs: undefined, verdict: undefined, ...(restMs === undefined ? {} : {restMs})});
	}

	#end(tMs: number, outcome: string): void {
		this.levels.at(-1)!.endMs = tMs;
		this.endedMs = tMs;
		this.outcome = outcome;
		if (!this.conclusion && this.#lastGood && this.#firstBad) {
			const precision = Number((this.options.precision * 100).toPrecision(3));
			this.conclusion = {
				rate: this.#lastGood.rate,
				reason: `between ${formatRate(this.#lastGood.rate)} (good, p99 ${formatMs(this.#lastGood.p99)}) and ${formatRate(this.#firstBad.rate)} (${this.#firstBad.reason}); ${outcome} before ${precision}% precision`,
			};
		}
	}
}

function levelName(level: KneeLevel): string {
	return level.kind === 'rest' ? 'rest' : level.kind === 'bisect' ? `? ${rateName(level.rate)}` : rateName(level.rate);
}

export function readKneeOptions(spec: ShapeSpec): KneeSearchOptions {
	checkKeys(spec, ['start', 'factor', 'step-duration', 'max-rate', 'max-time', 'precision', 'errors']);
	const start = readRate(spec, 'start');
	const factor = readNumber(spec, 'factor', {fallback: 2, min: 1});
	const stepMs = readDuration(spec, 'step-duration');
	const maxRate = readRate(spec, 'max-rate', {fallback: start * 64});
	const fields = spec as Record<string, unknown>;
	if (has(spec, 'max-time') && fields['duration'] !== undefined) {
		throw new UsageError(`load.duration: give either max-time or duration for the 'knee' shape, not both`);
	}

	let maxTimeMs = has(spec, 'max-time') ? readDuration(spec, 'max-time') : readDuration(spec, 'duration', {fallback: 600_000});
	if (has(spec, 'max-time') && typeof fields['durationMs'] === 'number') {
		// -d on the command line cuts the search short.
		maxTimeMs = Math.min(maxTimeMs, readDuration(spec, 'duration'));
	}
	const precision = has(spec, 'precision') ? parsePercent(fields['precision'], 'load.precision') / 100 : 0.05;
	if (!(precision > 0)) {
		throw new UsageError(`load.precision: must be a percentage above 0, e.g. 5%`);
	}

	const errorPercent = has(spec, 'errors') ? parsePercent(fields['errors'], 'load.errors') : defaultKneeCriteria.errorPercent;
	if (maxRate < start) {
		throw new UsageError(`load.max-rate: ${maxRate} is below load.start ${start}; the 'knee' search goes up from start`);
	}

	if (maxTimeMs < stepMs) {
		throw new UsageError(`load.max-time: ${formatMs(maxTimeMs)} is shorter than one step (step-duration ${formatMs(stepMs)})`);
	}

	return {start, factor, stepMs, maxRate, maxTimeMs, precision, criteria: {...defaultKneeCriteria, errorPercent}};
}

export function kneeShape(spec: ShapeSpec): LoadShape {
	const search = new KneeSearch(readKneeOptions(spec));
	return {
		get durationMs() {
			return search.durationMs;
		},
		rateAt: tMs => search.rateAt(tMs),
		stageAt(tMs): StageRef {
			const level = search.levelAt(tMs);
			return {index: level.index, name: levelName(level)};
		},
		observe(stage, tMs) {
			search.observe(stage, tMs);
		},
		get conclusion() {
			return search.conclusion;
		},
	};
}
