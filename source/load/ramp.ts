/** Linear stages like k6 `stages`: [{duration, target}], starting from `start` (default 0). */
import {UsageError} from '../errors.js';
import {checkKeys, readDuration, readRate} from './fields.js';
import {rateName, type Segment, segmentsShape} from './segments.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export function rampSegments(spec: ShapeSpec): Segment[] {
	checkKeys(spec, ['start', 'stages']);
	const stages = (spec as Record<string, unknown>)['stages'];
	if (!Array.isArray(stages) || stages.length === 0) {
		throw new UsageError(`load.stages: the 'ramp' shape needs a list of {duration, target}, e.g. stages: [{duration: 30s, target: 100}]`);
	}

	let from = readRate(spec, 'start', {allowZero: true, fallback: 0});
	let startMs = 0;
	const segments: Segment[] = [];
	for (const [index, stage] of (stages as unknown[]).entries()) {
		if (typeof stage !== 'object' || stage === null) {
			throw new UsageError(`load.stages[${index}]: must be {duration, target}`);
		}

		const entry = {type: 'ramp', ...(stage as Record<string, unknown>)};
		for (const key of Object.keys(stage)) {
			if (!['duration', 'durationMs', 'target'].includes(key)) {
				throw new UsageError(`load.stages[${index}].${key}: unknown field; a stage has duration and target`);
			}
		}

		const durationMs = readDuration(entry, 'duration');
		const to = readRate(entry, 'target', {allowZero: true});
		segments.push({name: from === to ? rateName(to) : `${rateName(from)}→${rateName(to)}`, startMs, endMs: startMs + durationMs, from, to});
		startMs += durationMs;
		from = to;
	}

	return segments;
}

export function rampShape(spec: ShapeSpec): LoadShape {
	return segmentsShape(rampSegments(spec));
}
