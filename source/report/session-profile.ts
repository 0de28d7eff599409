/**
 * `--save-session`: a finished run as a profile that replays it. The load shape and every manual
 * change (set rate, scale, step, spike, pause/resume, hold) are folded into one `timeline` shape
 * in wall time since the start: the RateControl the engine used is replayed over the recorded
 * commands, and the rate is sampled at every point where it can bend. Marks become the timeline's
 * marks, placed again when the replay reaches them. Pure functions.
 */
import {Document, isMap, isSeq} from 'yaml';
import {redactSecrets, redactUrl} from '../connections/redact.js';
import type {RecordedCommand} from '../engine/commands.js';
import type {Invocation, RunPlan} from '../engine/plan.js';
import {RateControl} from '../engine/rate-control.js';
import type {RunResult} from '../engine/run-handle.js';
import type {IntervalPoint} from '../engine/snapshot.js';
import {commonFlags} from '../cli/common-flags.js';
import {readDuration} from '../load/fields.js';
import {createShape, shapeAsWritten} from '../load/index.js';
import {rampSegments} from '../load/ramp.js';
import type {Segment} from '../load/segments.js';
import type {ShapeSpec} from '../load/shape.js';
import {spikeSegments} from '../load/spike.js';
import {stepSegments} from '../load/step.js';
import {timelineSegments} from '../load/timeline.js';

/** One point of the saved timeline: `rate` from `atMs` (to `to` at the next point, if given). */
export type TimelinePoint = {readonly atMs: number; readonly rate: number; readonly to?: number; readonly note?: string};

/** Shape-time points where a shape's rate can bend or jump, up to `untilMs`; undefined = not known (adaptive shapes). */
export function shapeBreaks(whole: ShapeSpec, untilMs: number): number[] | undefined {
	const spec = shapeAsWritten(whole);
	const fromSegments = (segments: readonly Segment[]) => segments.flatMap(segment => [segment.startMs, segment.endMs]);
	switch (spec.type) {
		case 'constant':
		case 'soak': {
			return [];
		}

		case 'ramp': {
			return fromSegments(rampSegments(spec));
		}

		case 'step': {
			return fromSegments(stepSegments(spec));
		}

		case 'spike': {
			return fromSegments(spikeSegments(spec));
		}

		case 'timeline': {
			return fromSegments(timelineSegments(spec));
		}

		case 'burst': {
			const on = readDuration(spec, 'on');
			const cycle = on + readDuration(spec, 'off', {allowZero: true});
			const breaks: number[] = [];
			for (let start = 0; start <= untilMs && breaks.length < 200_000; start += cycle) {
				breaks.push(start, start + on);
			}

			return breaks;
		}

		default: {
			return undefined;
		}
	}
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function describe(command: RecordedCommand['command']): string | undefined {
	switch (command.type) {
		case 'set-rate': {
			return `set ${round(command.rate, 3)}/s`;
		}

		case 'scale-rate': {
			return `scale ×${round(command.factor, 4)}`;
		}

		case 'step-rate': {
			return `step ${command.delta >= 0 ? '+' : ''}${round(command.delta, 3)}/s`;
		}

		case 'spike': {
			return command.rate === undefined ? `spike ×${command.multiplier ?? 5}` : `spike ${round(command.rate, 3)}/s`;
		}

		case 'pause':
		case 'resume':
		case 'hold':
		case 'release': {
			return command.type;
		}

		default: {
			return undefined;
		}
	}
}

/**
 * The rate the run offered, as a timeline in wall ms: the shape under the recorded commands,
 * from 0 to `endMs`. Adaptive shapes (whose rate depends on what they observed) are rebuilt from
 * the run's per-interval target rates instead.
 */
export function sessionTimeline(load: ShapeSpec, commands: readonly RecordedCommand[], endMs: number, series: readonly IntervalPoint[] = []): TimelinePoint[] {
	const breaks = shapeBreaks(load, endMs);
	if (breaks === undefined) {
		return timelineFromSeries(series, endMs);
	}

	const control = new RateControl(createShape(load));
	// Reports written before wall times were recorded have active times only.
	const sorted = commands.map(recorded => ({...recorded, elapsedMs: recorded.elapsedMs ?? recorded.atMs})).sort((a, b) => a.elapsedMs - b.elapsedMs);
	const points: Array<{atMs: number; rate: number; to: number; note: string | undefined}> = [];
	let next = 0;
	let start = 0;
	while (start < endMs) {
		const notes: string[] = [];
		while (next < sorted.length && sorted[next]!.elapsedMs <= start) {
			const {command} = sorted[next]!;
			if (control.apply(command, start)) {
				// The TUI's p and h keys toggle: say what they did.
				const note =
					command.type === 'toggle-pause' ? (control.paused ? 'pause' : 'resume') : command.type === 'toggle-hold' ? (control.held ? 'hold' : 'release') : describe(command);
				if (note) {
					notes.push(note);
				}
			}

			next++;
		}

		const end = Math.min(endMs, next < sorted.length ? sorted[next]!.elapsedMs : endMs);
		// The state is fixed until the next command: the shape clock moves at 1 or 0 ms per ms.
		const shape0 = control.shapeMs(start);
		const slope = end > start ? (control.shapeMs(end) - shape0) / (end - start) : 0;
		const cuts = new Set([start]);
		if (slope > 0) {
			for (const at of breaks) {
				const wall = start + ((at - shape0) / slope);
				if (wall > start && wall < end) {
					cuts.add(wall);
				}
			}
		}

		const spikeUntil = control.view(start).spike?.untilMs;
		if (spikeUntil !== undefined && spikeUntil > start && spikeUntil < end) {
			cuts.add(spikeUntil);
		}

		const ordered = [...cuts].sort((a, b) => a - b);
		for (const [index, from] of ordered.entries()) {
			const until = ordered[index + 1] ?? end;
			const rate = control.targetRate(from);
			const middle = control.targetRate((from + until) / 2);
			// Right-continuous and linear between cuts: the end is the start mirrored through the middle.
			const to = Number.isFinite(rate) && Number.isFinite(middle) ? Math.max(0, (2 * middle) - rate) : rate;
			points.push({atMs: from, rate, to, note: index === 0 && notes.length > 0 ? notes.join(', ') : undefined});
		}

		start = end;
		if (end >= endMs) {
			break;
		}
	}

	return tidy(points, endMs);
}

/** Rounds to ms and 0.001 req/s, drops empty pieces and joins constant pieces that continue each other. */
function tidy(points: ReadonlyArray<{atMs: number; rate: number; to: number; note: string | undefined}>, endMs: number): TimelinePoint[] {
	const result: TimelinePoint[] = [];
	for (const [index, point] of points.entries()) {
		const atMs = Math.round(point.atMs);
		const untilMs = Math.round(points[index + 1]?.atMs ?? endMs);
		if (untilMs <= atMs && !(index === 0 && atMs === 0)) {
			continue;
		}

		const rate = Number.isFinite(point.rate) ? round(point.rate, 3) : point.rate;
		const to = Number.isFinite(point.to) ? round(point.to, 3) : point.to;
		const previous = result.at(-1);
		if (previous && point.note === undefined && previous.to === undefined && rate === to && previous.rate === rate) {
			continue;
		}

		if (previous?.atMs === atMs) {
			result.pop();
		}

		result.push({atMs, rate, ...(to === rate ? {} : {to}), ...(point.note === undefined ? {} : {note: point.note})});
	}

	return result;
}

function timelineFromSeries(series: readonly IntervalPoint[], endMs: number): TimelinePoint[] {
	const points: TimelinePoint[] = [];
	for (const point of series) {
		if (point.state === 'draining' || point.state === 'done') {
			continue;
		}

		const atMs = Math.max(0, Math.round((point.t * 1000) - point.durationMs));
		const rate = Number.isFinite(point.targetRate) ? round(point.targetRate, 3) : point.targetRate;
		if (atMs < endMs && points.at(-1)?.rate !== rate) {
			points.push({atMs: points.length === 0 ? 0 : Math.max(atMs, points.at(-1)!.atMs + 1), rate});
		}
	}

	return points.length === 0 ? [{atMs: 0, rate: 0}] : points;
}

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
const secretName = /^(password|pass|passwd|token|secret|creds|credentials|authorization|api[-_]?key)$/i;

function isSecretOption(name: string): boolean {
	const words = kebab(name).split('-');
	return secretName.test(words.at(-1)!) || secretName.test(kebab(name));
}

/** Option values leave the process: URLs lose their credentials, JSON (e.g. gRPC metadata) its secret fields. */
function redactValue(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(item => redactValue(item));
	}

	if (typeof value !== 'string') {
		return value;
	}

	const text = value.trim();
	if (text.startsWith('{') || text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			const redacted = JSON.stringify(redactSecrets(parsed));
			return redacted === JSON.stringify(parsed) ? value : redacted;
		} catch {
			// Not JSON: treat as text.
		}
	}

	return redactUrl(value);
}

const seconds = (ms: number) => `${round(ms / 1000, 3)}s`;
const rateText = (rate: number): number | string => (Number.isFinite(rate) ? rate : 'max');

export type SessionProfile = {
	/** The profile as plain data, keys as a profile file spells them. */
	readonly profile: Record<string, unknown>;
	/** Option names left out because they hold credentials. */
	readonly omitted: readonly string[];
	/** Option names whose credentials (in URLs, JSON fields) were replaced by ***. */
	readonly masked?: readonly string[];
};

/** A profile (plain data) that replays `result`: workload, options, engine settings, the folded timeline, thresholds. */
export function sessionProfile(plan: RunPlan, result: Pick<RunResult, 'commands' | 'loadEndMs' | 'final' | 'endReason'>, invocation?: Invocation): SessionProfile {
	const source: Invocation = invocation ?? {workload: plan.name, args: [], options: {}};
	const omitted: string[] = [];
	const masked: string[] = [];
	const options: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(source.options)) {
		// Rate, duration and the like are the timeline's business; outputs are not part of the session.
		if (key in commonFlags || value === undefined || value === false || (Array.isArray(value) && value.length === 0)) {
			continue;
		}

		if (isSecretOption(key)) {
			omitted.push(kebab(key));
			continue;
		}

		const redacted = redactValue(value);
		if (JSON.stringify(redacted) !== JSON.stringify(value)) {
			masked.push(kebab(key));
		}

		options[kebab(key)] = redacted;
	}

	const args = source.args.map(arg => redactUrl(arg));
	if (args.some((arg, index) => arg !== source.args[index])) {
		masked.push('the arguments');
	}

	const {engine} = plan;
	const engineSection: Record<string, unknown> = {workers: engine.workers, 'max-in-flight': engine.maxInFlight, arrival: engine.arrival, interval: `${engine.intervalMs}ms`};
	if (engine.maxBacklog !== 1_000_000) {
		engineSection['max-backlog'] = engine.maxBacklog;
	}

	if (engine.drainTimeoutMs !== 10_000) {
		engineSection['drain-timeout'] = `${engine.drainTimeoutMs}ms`;
	}

	if (engine.timeoutMs > 0) {
		engineSection['timeout'] = `${engine.timeoutMs}ms`;
	}

	if (engine.abortOnErrorRate) {
		engineSection['abort-on-error-rate'] = `${engine.abortOnErrorRate.percent}%`;
		engineSection['abort-grace'] = `${engine.abortOnErrorRate.graceMs}ms`;
	}

	const endMs = Math.max(1, Math.round(result.loadEndMs));
	const points = sessionTimeline(plan.load, result.commands, endMs, result.final.series);
	const marks = result.commands.flatMap(({elapsedMs, atMs, command}) =>
		command.type === 'mark' && (elapsedMs ?? atMs) <= endMs ? [{at: seconds(elapsedMs ?? atMs), label: command.label ?? 'mark'}] : [],
	);
	const profile: Record<string, unknown> = {
		description: `session of loadscope ${source.workload} (${redactUrl(plan.target)}), ${result.commands.length} manual change(s), ended: ${result.endReason}`,
		workload: source.workload,
		...(args.length > 0 ? {args} : {}),
		...(Object.keys(options).length > 0 ? {options} : {}),
		engine: engineSection,
		load: {
			shape: 'timeline',
			duration: seconds(endMs),
			points: points.map(point => ({
				at: seconds(point.atMs),
				rate: rateText(point.rate),
				...(point.to === undefined ? {} : {to: rateText(point.to)}),
				...(point.note === undefined ? {} : {note: point.note}),
			})),
			...(marks.length > 0 ? {marks} : {}),
		},
		...(plan.thresholds.length > 0 ? {thresholds: [...plan.thresholds]} : {}),
		...(plan.abortOnFail ? {'abort-on-fail': plan.abortOnFail.graceMs > 0 ? {grace: `${plan.abortOnFail.graceMs}ms`} : true} : {}),
	};
	return {profile, omitted, masked};
}

/** The profile as YAML, each timeline point on one line; a comment says what was left out. */
export function formatSessionProfile(session: SessionProfile): string {
	const document = new Document(session.profile);
	for (const list of ['points', 'marks']) {
		const items = document.getIn(['load', list], true);
		if (isSeq(items)) {
			for (const item of items.items) {
				if (isMap(item)) {
					item.flow = true;
				}
			}
		}
	}

	const header = ['Saved by loadscope --save-session; replay with: loadscope run FILE'];
	if (session.omitted.length > 0) {
		header.push(`Credentials left out (${session.omitted.map(name => `--${name}`).join(', ')}): give them on the command line when replaying.`);
	}

	if (session.masked && session.masked.length > 0) {
		header.push(`Credentials replaced by *** in ${session.masked.map(name => (name.includes(' ') ? name : `--${name}`)).join(', ')}: give the real values on the command line when replaying.`);
	}

	document.commentBefore = header.map(line => ` ${line}`).join('\n');
	return document.toString({lineWidth: 0});
}
