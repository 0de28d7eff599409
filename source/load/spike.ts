/** A base rate with one spike: `rate` (or base × `multiplier`) from `at` for `for`. */
import {UsageError} from '../errors.js';
import {checkKeys, has, readDuration, readNumber, readRate} from './fields.js';
import {rateName, type Segment, segmentsShape} from './segments.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export function spikeSegments(spec: ShapeSpec): Segment[] {
	checkKeys(spec, ['base', 'at', 'rate', 'multiplier', 'for']);
	const base = readRate(spec, 'base');
	if (has(spec, 'rate') === has(spec, 'multiplier')) {
		throw new UsageError(`load: the 'spike' shape needs exactly one of rate (the spike's req/s) or multiplier (× base)`);
	}

	const peak = has(spec, 'rate') ? readRate(spec, 'rate') : base * readNumber(spec, 'multiplier');
	const at = readDuration(spec, 'at', {allowZero: true});
	const length = readDuration(spec, 'for');
	const total = readDuration(spec, 'duration');
	if (at + length > total) {
		throw new UsageError(`load.for: the spike (at ${at / 1000}s for ${length / 1000}s) ends after load.duration ${total / 1000}s`);
	}

	const segments: Segment[] = [];
	if (at > 0) {
		segments.push({name: `base ${rateName(base)}`, startMs: 0, endMs: at, from: base, to: base});
	}

	segments.push({name: `spike ${rateName(peak)}`, startMs: at, endMs: at + length, from: peak, to: peak});
	if (at + length < total) {
		segments.push({name: `after ${rateName(base)}`, startMs: at + length, endMs: total, from: base, to: base});
	}

	return segments;
}

export function spikeShape(spec: ShapeSpec): LoadShape {
	return segmentsShape(spikeSegments(spec));
}
