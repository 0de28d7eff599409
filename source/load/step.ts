/** Step schedule like ghz: start, step, step-duration, end; each level held step-duration. */
import {UsageError} from '../errors.js';
import {checkKeys, readDuration, readRate} from './fields.js';
import {rateName, type Segment, segmentsShape} from './segments.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export function stepSegments(spec: ShapeSpec): Segment[] {
	checkKeys(spec, ['start', 'step', 'step-duration', 'end']);
	const start = readRate(spec, 'start');
	const step = readRate(spec, 'step');
	const end = readRate(spec, 'end');
	const stepMs = readDuration(spec, 'step-duration');
	if (end < start) {
		throw new UsageError(`load.end: ${end} is below load.start ${start}; the 'step' shape goes up from start to end`);
	}

	const segments: Segment[] = [];
	let rate = start;
	for (let index = 0; ; index++) {
		segments.push({name: rateName(rate), startMs: index * stepMs, endMs: (index + 1) * stepMs, from: rate, to: rate});
		if (rate >= end || segments.length >= 10_000) {
			break;
		}

		rate = Math.min(end, rate + step);
	}

	return segments;
}

export function stepShape(spec: ShapeSpec): LoadShape {
	return segmentsShape(stepSegments(spec));
}
