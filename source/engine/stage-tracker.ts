/**
 * Per-stage statistics: each snapshot interval's histograms are merged (never averaged) into the
 * stage it belongs to. A stage is a run of intervals with the same load-shape stage and the same
 * manual rate setting; a shape's own stages are always kept, a manual rate level (keys or
 * commands) only once it has been held at least `minManualMs`. A run with a single level and no
 * shape stages has no stage table (it would repeat the totals).
 */
import {createHistogram, emptySummary, summarize, type Histogram} from '../metrics/histogram.js';
import {rateName} from '../load/segments.js';
import type {StageRef} from '../load/shape.js';
import type {IntervalHistograms} from './run-handle.js';
import type {RateControl, RunState, StageStats} from './snapshot.js';

/** Where an interval sits in the run, from the controller. */
export type StageContext = {
	/** The load shape's stage at the end of the interval. */
	readonly stage: StageRef | undefined;
	/** Target rate in the middle of the interval (req/s). */
	readonly targetRate: number;
	/** Active ms at the end of the interval, capped at the end of scheduling (drain time adds nothing). */
	readonly scheduledMs: number;
	readonly state: RunState;
	readonly control: RateControl;
};

/** A manual rate level becomes a stage once held this long (active ms). */
export const minManualMs = 3000;

class Segment {
	readonly key: string;
	readonly name: string;
	readonly fromShape: StageRef | undefined;
	readonly startMs: number;
	endMs: number;
	targetMs = 0;
	offered = 0;
	dispatched = 0;
	ok = 0;
	errors = 0;
	/** Released once the stage is finished and summarized (stages of a long run add up). */
	#latency: Histogram | undefined = createHistogram();
	#service: Histogram | undefined = createHistogram();
	#cached: Omit<StageStats, 'index'> | undefined;

	constructor(key: string, name: string, fromShape: StageRef | undefined, startMs: number) {
		this.key = key;
		this.name = name;
		this.fromShape = fromShape;
		this.startMs = startMs;
		this.endMs = startMs;
	}

	add(interval: IntervalHistograms, context: StageContext): void {
		const spanMs = Math.max(0, context.scheduledMs - this.endMs);
		this.endMs = Math.max(this.endMs, context.scheduledMs);
		if (Number.isFinite(context.targetRate)) {
			this.targetMs += context.targetRate * spanMs;
		} else {
			// Closed model: as fast as possible.
			this.targetMs = Number.POSITIVE_INFINITY;
		}

		this.offered += interval.offered;
		this.dispatched += interval.dispatched;
		for (const op of interval.ops.values()) {
			this.ok += op.ok;
			this.errors += op.errors;
			if (op.latency.totalCount > 0) {
				this.#latency?.add(op.latency);
			}

			if (op.service.totalCount > 0) {
				this.#service?.add(op.service);
			}
		}

		this.#cached = undefined;
	}

	/** Statistics of the stage; `index` is its place in the published table. */
	stats(index: number): StageStats {
		if (this.#cached) {
			return {index, ...this.#cached};
		}

		const seconds = (this.endMs - this.startMs) / 1000;
		const per = (value: number) => (seconds > 0 ? value / seconds : 0);
		const count = this.ok + this.errors;
		this.#cached = {
			name: this.name,
			startMs: this.startMs,
			endMs: this.endMs,
			targetRate: seconds > 0 ? this.targetMs / (this.endMs - this.startMs) : 0,
			offeredRate: per(this.offered),
			achievedRate: per(this.dispatched),
			completedRate: per(count),
			count,
			errors: this.errors,
			errorRate: count > 0 ? this.errors / count : 0,
			latency: count > 0 && this.#latency ? summarize(this.#latency) : emptySummary,
			service: count > 0 && this.#service ? summarize(this.#service) : emptySummary,
		};
		return {index, ...this.#cached};
	}

	/** The stage is over: keep its summary, free its histograms. */
	close(): void {
		this.stats(0);
		this.#latency = undefined;
		this.#service = undefined;
	}

	get kept(): boolean {
		return this.fromShape !== undefined || this.endMs - this.startMs >= minManualMs;
	}
}

function manualKey(control: RateControl): string | undefined {
	if (control.spike) {
		return `spike ${control.spike.rate} ${control.spike.untilMs}`;
	}

	return control.scale === 1 && control.offset === 0 ? undefined : `manual ${control.scale} ${control.offset}`;
}

export class StageTracker {
	readonly #finished: Segment[] = [];
	#current: Segment | undefined;
	#lastScheduledMs = 0;

	/** Merge one interval into its stage. Drain and pause intervals stay with the current stage. */
	add(interval: IntervalHistograms, context: StageContext): void {
		const {stage, control} = context;
		const draining = context.state === 'draining' || context.state === 'done' || context.state === 'paused';
		if (!draining || !this.#current) {
			const manual = manualKey(control);
			const key = `${stage?.index ?? '-'}|${manual ?? ''}`;
			if (this.#current?.key !== key) {
				if (this.#current?.kept) {
					this.#current.close();
					this.#finished.push(this.#current);
				}

				const name = control.spike
					? `spike ${rateName(control.spike.rate)}`
					: manual
						? `manual ${rateName(control.targetRate)}`
						: (stage?.name ?? rateName(control.targetRate));
				this.#current = new Segment(key, name, manual ? undefined : stage, this.#lastScheduledMs);
			}
		}

		this.#current!.add(interval, context);
		this.#lastScheduledMs = Math.max(this.#lastScheduledMs, context.scheduledMs);
	}

	/** The published stage table, oldest first; the current stage last once it counts. */
	stages(): StageStats[] {
		const segments = [...this.#finished];
		if (this.#current?.kept) {
			segments.push(this.#current);
		}

		if (segments.length === 1 && segments[0]!.fromShape === undefined) {
			return [];
		}

		return segments.map((segment, index) => segment.stats(index));
	}

	/** The current stage as its load shape numbers it, when no manual change is in effect. */
	currentShapeStage(): StageStats | undefined {
		const current = this.#current;
		if (!current?.fromShape) {
			return undefined;
		}

		return {...current.stats(-1), index: current.fromShape.index, name: current.fromShape.name};
	}
}
