/** A long constant rate (default 10 minutes), reported as one stage. */
import {checkKeys, readDuration, readRate} from './fields.js';
import {rateName, segmentsShape} from './segments.js';
import type {LoadShape, ShapeSpec} from './shape.js';

export function soakShape(spec: ShapeSpec): LoadShape {
	checkKeys(spec, ['rate']);
	const rate = readRate(spec, 'rate');
	const durationMs = readDuration(spec, 'duration', {fallback: 600_000});
	return segmentsShape([{name: `soak ${rateName(rate)}`, startMs: 0, endMs: durationMs, from: rate, to: rate}]);
}
