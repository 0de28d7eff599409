/**
 * Piecewise-linear schedule math shared by ramp, step, spike and soak: a list of segments, each
 * going linearly from `from` to `to` req/s over [startMs, endMs). Pure functions, table-tested.
 */
import type {LoadShape, StageRef} from './shape.js';

export type Segment = {readonly name: string; readonly startMs: number; readonly endMs: number; readonly from: number; readonly to: number};

/** Index of the segment holding `tMs` (the last one past the end), -1 before the start. */
export function segmentIndexAt(segments: readonly Segment[], tMs: number): number {
	let low = 0;
	let high = segments.length - 1;
	if (high < 0) {
		return -1;
	}

	while (low < high) {
		const mid = (low + high + 1) >> 1;
		if (segments[mid]!.startMs <= tMs) {
			low = mid;
		} else {
			high = mid - 1;
		}
	}

	return low;
}

export function segmentRateAt(segments: readonly Segment[], tMs: number): number {
	const index = segmentIndexAt(segments, tMs);
	if (index < 0) {
		return 0;
	}

	const segment = segments[index]!;
	const span = segment.endMs - segment.startMs;
	if (span <= 0 || tMs >= segment.endMs) {
		return segment.to;
	}

	const fraction = Math.max(0, (tMs - segment.startMs) / span);
	return segment.from + ((segment.to - segment.from) * fraction);
}

export function segmentsShape(segments: readonly Segment[], durationMs?: number): LoadShape {
	const total = durationMs ?? (segments.length > 0 ? segments.at(-1)!.endMs : 0);
	return {
		durationMs: total,
		rateAt: tMs => segmentRateAt(segments, tMs),
		stageAt(tMs): StageRef | undefined {
			const index = segmentIndexAt(segments, tMs);
			return index < 0 ? undefined : {index, name: segments[index]!.name};
		},
	};
}

/** Formats a rate for stage names: 100/s, 2.5k/s. */
export function rateName(rate: number): string {
	return rate >= 1000 ? `${Number((rate / 1000).toPrecision(3))}k/s` : `${Number(rate.toPrecision(4))}/s`;
}
