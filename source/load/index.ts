/** Builds a load shape from its plain-data spec. One module per shape in this folder. */
import {UsageError} from '../errors.js';
import {burstShape} from './burst.js';
import {constantShape} from './constant.js';
import {kneeShape} from './knee.js';
import {rampShape} from './ramp.js';
import {soakShape} from './soak.js';
import {spikeShape} from './spike.js';
import {stepShape} from './step.js';
import {timelineShape} from './timeline.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export const shapeNames = ['constant', 'ramp', 'step', 'spike', 'burst', 'soak', 'knee', 'timeline'] as const;

/** The shape as the profile wrote it, without the `stopAtMs` that `-d` adds. */
export function shapeAsWritten(spec: ShapeSpec): ShapeSpec {
	const {stopAtMs: _stop, ...rest} = spec as ShapeSpec & {stopAtMs?: unknown};
	return rest;
}

/**
 * `-d` over a profile's shape: the shape as written, stopped at `stopAtMs` (a key of the spec, so
 * the plan stays plain data) if that comes before its own end.
 */
export function createShape(spec: ShapeSpec): LoadShape {
	const {stopAtMs} = spec as {stopAtMs?: unknown};
	if (stopAtMs === undefined) {
		return createWholeShape(spec);
	}

	const shape = createWholeShape(shapeAsWritten(spec));
	const stop = Number(stopAtMs);
	return {
		durationMs: shape.durationMs === undefined ? stop : Math.min(shape.durationMs, stop),
		rateAt: tMs => shape.rateAt(tMs),
		stageAt: tMs => shape.stageAt(tMs),
		...(shape.observe ? {observe: (stage, tMs) => shape.observe!(stage, tMs)} : {}),
		...(shape.marks ? {marks: shape.marks} : {}),
		get conclusion() {
			return shape.conclusion;
		},
	};
}

function createWholeShape(spec: ShapeSpec): LoadShape {
	switch (spec.type) {
		case 'constant': {
			const {rate, durationMs} = spec as {rate: number; durationMs?: number};
			return constantShape(rate, durationMs);
		}

		case 'ramp': {
			return rampShape(spec);
		}

		case 'step': {
			return stepShape(spec);
		}

		case 'spike': {
			return spikeShape(spec);
		}

		case 'burst': {
			return burstShape(spec);
		}

		case 'soak': {
			return soakShape(spec);
		}

		case 'knee': {
			return kneeShape(spec);
		}

		case 'timeline': {
			return timelineShape(spec);
		}

		default: {
			throw new UsageError(`load.shape: unknown load shape '${spec.type}'; use one of ${shapeNames.join(', ')}`);
		}
	}
}
