/**
 * A piecewise rate timeline, as `--save-session` writes it: points `{at, rate}` (optionally `to`,
 * a linear ramp up to the next point, and `note`, the stage name), each in effect until the next
 * point or `duration`; `marks` ({at, label}) are placed as the run passes them. Any run, with
 * every manual change folded in, is one of these.
 */
import {UsageError} from '../errors.js';
import {checkKeys, has, readDuration, readRate} from './fields.js';
import {rateName, type Segment, segmentsShape} from './segments.js';
import type {LoadShape, ShapeSpec} from './shape.js';

const pointKeys = ['at', 'atMs', 'rate', 'to', 'note'];

export function timelineSegments(spec: ShapeSpec): Segment[] {
	checkKeys(spec, ['points', 'marks']);
	const points = (spec as Record<string, unknown>)['points'];
	if (!Array.isArray(points) || points.length === 0) {
		throw new UsageError(`load.points: the 'timeline' shape needs a list of {at, rate}, e.g. points: [{at: 0s, rate: 100}, {at: 30s, rate: 200}]`);
	}

	const durationMs = readDuration(spec, 'duration');
	const segments: Segment[] = [];
	let previousAt = -1;
	for (const [index, point] of (points as unknown[]).entries()) {
		if (typeof point !== 'object' || point === null || Array.isArray(point)) {
			throw new UsageError(`load.points[${index}]: must be {at, rate}, optionally with to and note`);
		}

		for (const key of Object.keys(point)) {
			if (!pointKeys.includes(key)) {
				throw new UsageError(`load.points[${index}].${key}: unknown field; a point has at, rate, to and note`);
			}
		}

		const entry: {type: string; [key: string]: unknown} = {type: 'timeline', ...(point as Record<string, unknown>)};
		const at = readDuration(entry, 'at', {allowZero: true});
		if (index === 0 && at !== 0) {
			throw new UsageError(`load.points[0].at: the first point must be at 0s, got ${String(entry['at'])}`);
		}

		if (index > 0 && at <= previousAt) {
			throw new UsageError(`load.points[${index}].at: ${at / 1000}s does not come after the previous point (${previousAt / 1000}s); points must be in time order`);
		}

		if (at >= durationMs) {
			throw new UsageError(`load.points[${index}].at: ${at / 1000}s is not before load.duration ${durationMs / 1000}s`);
		}

		const from = readRate(entry, 'rate', {allowZero: true});
		const to = has(entry, 'to') ? readRate(entry, 'to', {allowZero: true}) : from;
		const note = entry['note'] === undefined ? undefined : String(entry['note']);
		const previous = segments.at(-1);
		if (previous) {
			segments[segments.length - 1] = {...previous, endMs: at};
		}

		segments.push({name: note ?? (from === to ? rateName(from) : `${rateName(from)}→${rateName(to)}`), startMs: at, endMs: durationMs, from, to});
		previousAt = at;
	}

	return segments;
}

export function timelineMarks(spec: ShapeSpec, durationMs: number): Array<{atMs: number; label: string}> {
	const marks = (spec as Record<string, unknown>)['marks'] ?? [];
	if (!Array.isArray(marks)) {
		throw new UsageError(`load.marks: must be a list of {at, label}, e.g. marks: [{at: 12s, label: deploy}]`);
	}

	return (marks as unknown[]).map((mark, index) => {
		if (typeof mark !== 'object' || mark === null || Array.isArray(mark) || typeof (mark as Record<string, unknown>)['label'] !== 'string') {
			throw new UsageError(`load.marks[${index}]: must be {at, label}`);
		}

		for (const key of Object.keys(mark)) {
			if (!['at', 'atMs', 'label'].includes(key)) {
				throw new UsageError(`load.marks[${index}].${key}: unknown field; a mark has at and label`);
			}
		}

		const atMs = readDuration({type: 'timeline', ...(mark as Record<string, unknown>)}, 'at', {allowZero: true});
		if (atMs > durationMs) {
			throw new UsageError(`load.marks[${index}].at: ${atMs / 1000}s is after load.duration ${durationMs / 1000}s`);
		}

		return {atMs, label: (mark as {label: string}).label};
	});
}

export function timelineShape(spec: ShapeSpec): LoadShape {
	const segments = timelineSegments(spec);
	const durationMs = segments.at(-1)!.endMs;
	return {...segmentsShape(segments, durationMs), marks: timelineMarks(spec, durationMs).sort((a, b) => a.atMs - b.atMs)};
}
