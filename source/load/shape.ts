/**
 * A load shape says what rate the run should offer at each moment of *active* time (paused time
 * does not advance it; a hold freezes it). One module per shape in source/load/; `createShape`
 * in source/load/index.ts builds one from its plain-data spec.
 */
import type {StageStats} from '../engine/snapshot.js';

export type StageRef = {readonly index: number; readonly name: string};

export interface LoadShape {
	/** Planned active length in ms; undefined = runs until stopped. */
	readonly durationMs: number | undefined;
	/** Target rate in req/s at active time `tMs` (ms since start). Infinity = as fast as possible. */
	rateAt(tMs: number): number;
	/** The stage `tMs` falls in (for per-stage statistics), undefined when the shape has none. */
	stageAt(tMs: number): StageRef | undefined;
	/**
	 * Optional, for adaptive shapes (knee search): after every snapshot interval, the statistics of
	 * its current stage so far (numbered and named as stageAt() gave them; not called while a manual
	 * rate change is in effect), so it can decide when to move on and to which level. `tMs` is the
	 * shape's time of the report (active time minus holds).
	 */
	observe?(stage: StageStats, tMs: number): void;
	/** Optional: marks to place when the shape's clock reaches each `atMs` (a saved session's marks). */
	readonly marks?: ReadonlyArray<{readonly atMs: number; readonly label: string}>;
	/** Optional: an adaptive shape's conclusion so far (e.g. the knee it found). */
	readonly conclusion?: {readonly rate: number; readonly reason: string} | undefined;
}

/** Plain-data description of the shape, as written in profiles and saved sessions. */
export type ShapeSpec =
	| {readonly type: 'constant'; readonly rate: number; readonly durationMs?: number}
	| {readonly type: string; readonly [key: string]: unknown};
