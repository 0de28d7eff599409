/**
 * Turns parsed flags (already merged over a profile's settings) into the plain-data plans the
 * engine and the outputs take. Every value is validated here with a message naming the flag.
 */
import {accessSync, constants} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UsageError} from '../errors.js';
import {writesInPlace} from '../report/atomic-write.js';
import {defaultEngine, type EnginePlan, type OutputPlan, type RunPlan} from '../engine/plan.js';
import type {ShapeSpec} from '../load/shape.js';
import {parseThresholds} from '../metrics/thresholds.js';
import type {ArrivalProcess} from '../engine/messages.js';
import type {Flags, WorkloadBuild} from './command.js';
import {parseDuration, parsePercent, parsePositiveInteger, parseRate} from './parse.js';

export type PlanContext = {
	/** stdout is an interactive terminal and CI is not set. */
	readonly interactive: boolean;
	/** A shape from a profile, used unless -r/-d override it. */
	readonly profileShape: ShapeSpec | undefined;
	readonly profileFile: string | undefined;
	readonly profileThresholds: readonly string[];
	readonly profileAbortOnFail: {readonly graceMs: number} | undefined;
};

const headlessDefaultDurationMs = 10_000;
/** Longer than any soak anyone means to run: `-d 99999999h` is a typo, not a plan. */
const longestRunMs = 31 * 24 * 3_600_000;
/** Threads beyond this cost more in scheduling than they add in load, whatever the machine. */
const mostWorkers = 64;

function runLength(value: unknown, flag: string): number {
	const ms = parseDuration(value, flag);
	if (ms > longestRunMs) {
		throw new UsageError(`${flag} '${String(value)}' is longer than 31 days; give a duration such as 30s, 10m or 24h`);
	}

	return ms;
}

/** A duration that must not be zero: a hard stop at 0 or a progress line every 0 s means nothing. */
function positiveDuration(value: unknown, flag: string): number {
	const ms = runLength(value, flag);
	if (ms <= 0) {
		throw new UsageError(`${flag} must be more than 0, got '${String(value)}'; give a duration such as 500ms, 30s or 10m`);
	}

	return ms;
}

/** A report path whose directory is missing would only fail after the whole run: say so now. */
function writablePath(value: unknown, flag: string): string {
	const file = String(value);
	const directory = path.dirname(path.resolve(file));
	try {
		// A device or pipe (/dev/stdout, a FIFO) is written in place: it must be writable itself.
		accessSync(writesInPlace(file) ? file : directory, constants.W_OK);
	} catch {
		throw new UsageError(`${flag} '${file}': cannot write to ${directory} (missing or not writable); create it or choose another path`);
	}

	return file;
}

function optional<T>(value: unknown, parse: (value: unknown) => T): T | undefined {
	return value === undefined || value === '' ? undefined : parse(value);
}

function port(value: unknown): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0 || number > 65_535) {
		throw new UsageError(`--metrics-port must be a port number 0..65535, got '${String(value)}'`);
	}

	return number;
}

function positiveNumber(value: unknown, what: string): number {
	const number = Number(value);
	if (!Number.isFinite(number) || number <= 0) {
		throw new UsageError(`${what} must be a number more than 0, got '${String(value)}'`);
	}

	return number;
}

export function buildShape(flags: Flags, context: PlanContext): ShapeSpec {
	const rate = optional(flags.rate, value => parseRate(value, '--rate'));
	const durationMs = optional(flags.duration, value => runLength(value, '--duration'));
	if (durationMs !== undefined && durationMs <= 0) {
		throw new UsageError('--duration must be more than 0');
	}

	const total = optional(flags.total, value => parsePositiveInteger(value, '--total'));
	const profile = context.profileShape;
	if (profile && rate === undefined) {
		// The profile's shape, with -d cutting it short if given.
		return durationMs === undefined ? profile : profile.type === 'constant' ? {...profile, durationMs} : {...profile, stopAtMs: durationMs};
	}

	const fallbackDuration = context.interactive || total !== undefined ? undefined : headlessDefaultDurationMs;
	const constant: ShapeSpec = {type: 'constant', rate: rate ?? 100, durationMs: durationMs ?? fallbackDuration};
	return constant;
}

function workerCount(value: unknown): number {
	const workers = parsePositiveInteger(value, '--workers');
	if (workers > mostWorkers) {
		throw new UsageError(`--workers ${workers} is more than ${mostWorkers}; one per core is usually best (this machine has ${os.availableParallelism()})`);
	}

	return workers;
}

export function buildEngine(flags: Flags, shape: ShapeSpec): EnginePlan {
	const closed = shape.type === 'constant' && !Number.isFinite((shape as {rate: number}).rate);
	const arrival = String(flags.arrival ?? defaultEngine.arrival);
	if (arrival !== 'uniform' && arrival !== 'poisson') {
		throw new UsageError(`--arrival must be 'uniform' or 'poisson', got '${arrival}'`);
	}

	const abortPercent = optional(flags.abortOnErrorRate, value => parsePercent(value, '--abort-on-error-rate'));
	if (abortPercent === undefined && flags.abortGrace !== undefined) {
		throw new UsageError('--abort-grace goes with --abort-on-error-rate PCT; add it, or drop --abort-grace');
	}

	const intervalMs = optional(flags.interval, value => parseDuration(value, '--interval')) ?? defaultEngine.intervalMs;
	if (intervalMs < 50 || intervalMs > 60_000) {
		throw new UsageError('--interval must be between 50ms and 60s');
	}

	return {
		workers: optional(flags.workers, workerCount) ?? Math.max(1, os.availableParallelism()),
		maxInFlight: optional(flags.maxInFlight, value => parsePositiveInteger(value, '--max-in-flight')) ?? (closed ? 50 : defaultEngine.maxInFlight),
		maxBacklog: optional(flags.maxBacklog, value => parsePositiveInteger(value, '--max-backlog')) ?? defaultEngine.maxBacklog,
		arrival: arrival as ArrivalProcess,
		intervalMs,
		drainTimeoutMs: optional(flags.drainTimeout, value => parseDuration(value, '--drain-timeout')) ?? defaultEngine.drainTimeoutMs,
		timeoutMs: optional(flags.timeout, value => parseDuration(value, '--timeout')) ?? defaultEngine.timeoutMs,
		totalRequests: optional(flags.total, value => parsePositiveInteger(value, '--total')),
		maxDurationMs: optional(flags.maxDuration, value => positiveDuration(value, '--max-duration')),
		deliveryGraceMs: defaultEngine.deliveryGraceMs,
		abortOnErrorRate:
			abortPercent === undefined
				? undefined
				: {percent: abortPercent, graceMs: optional(flags.abortGrace, value => parseDuration(value, '--abort-grace')) ?? 5000},
	};
}

export function buildOutput(flags: Flags, shape: ShapeSpec, context: PlanContext): OutputPlan {
	const startRate = typeof shape.rate === 'number' && Number.isFinite(shape.rate) ? shape.rate : 100;
	return {
		tui: flags.tui !== false && context.interactive,
		json: optional(flags.json, value => writablePath(value, '--json')),
		csv: optional(flags.csv, value => writablePath(value, '--csv')),
		hdrLog: optional(flags.hdrLog, value => writablePath(value, '--hdr-log')),
		metricsPort: optional(flags.metricsPort, port),
		reportIntervalMs: optional(flags.reportInterval, value => positiveDuration(value, '--report-interval')) ?? 5000,
		saveSession: optional(flags.saveSession, value => writablePath(value, '--save-session')),
		rateStep: optional(flags.rateStep, value => positiveNumber(value, '--rate-step')) ?? Math.max(1, Math.round(startRate * 0.1)),
		spikeMultiplier: optional(flags.spikeMultiplier, value => positiveNumber(value, '--spike-multiplier')) ?? 5,
		spikeDurationMs: optional(flags.spikeDuration, value => parseDuration(value, '--spike-duration')) ?? 5000,
	};
}

export function buildPlans(name: string, build: WorkloadBuild, flags: Flags, context: PlanContext): {plan: RunPlan; output: OutputPlan} {
	const load = buildShape(flags, context);
	const engine = buildEngine(flags, load);
	const thresholds = [...context.profileThresholds, ...((flags.threshold as string[] | undefined) ?? [])];
	parseThresholds(thresholds); // Bad expressions are usage errors now, not mid-run.
	const plan: RunPlan = {
		name,
		workload: build.workload,
		target: build.target,
		load,
		engine: {...engine, deliveryGraceMs: build.deliveryGraceMs ?? engine.deliveryGraceMs},
		thresholds,
		abortOnFail: flags.abortOnFail === true ? {graceMs: 0} : context.profileAbortOnFail,
		profile: context.profileFile,
	};
	return {plan, output: buildOutput(flags, load, context)};
}
