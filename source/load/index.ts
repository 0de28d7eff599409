/** Builds a load shape from its plain-data spec. One module per shape in this folder. */
import {UsageError} from '../errors.js';
import {constantShape} from './constant.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export function createShape(spec: ShapeSpec): LoadShape {
	switch (spec.type) {
		case 'constant': {
			const {rate, durationMs} = spec as {rate: number; durationMs?: number};
			return constantShape(rate, durationMs);
		}

		default: {
			throw new UsageError(`unknown load shape '${spec.type}'`);
		}
	}
}
