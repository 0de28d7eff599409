/**
 * The JSON report: one documented, versioned shape (docs/json-report.md, validated against
 * docs/json-report.schema.json) built from a RunResult, and the way back — `loadscope report`
 * and `loadscope compare` rebuild a RunResult from the file, so the summary they print is the
 * one the run printed.
 *
 * JSON has no Infinity: a rate of Infinity (closed model, `-r max`) is written as the string
 * "Infinity" and read back as the number.
 */
import type {RecordedCommand} from '../engine/commands.js';
import type {RunPlan} from '../engine/plan.js';
import type {EndReason, RunResult} from '../engine/run-handle.js';
import type {
	DeliveryStats,
	ErrorSample,
	GeneratorHealth,
	IntervalPoint,
	KneeInfo,
	Mark,
	OperationStats,
	RateControl,
	RunSnapshot,
	StageStats,
	ThresholdStatus,
	Totals,
	WindowStats,
} from '../engine/snapshot.js';
import {decodeHistogram, logBuckets} from '../metrics/histogram.js';

export const reportFormat = 'loadscope-report';
export const reportSchemaVersion = 1;

type Nullable<T> = {[K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K]};

export type JsonReport = {
	readonly format: typeof reportFormat;
	readonly schemaVersion: typeof reportSchemaVersion;
	readonly tool: RunResult['tool'];
	readonly environment: RunResult['environment'];
	readonly startedAt: string;
	readonly endedAt: string;
	readonly endReason: EndReason;
	readonly failure: string | null;
	readonly plan: RunPlan;
	readonly workload: string;
	readonly target: string;
	readonly elapsedMs: number;
	readonly activeMs: number;
	readonly control: Nullable<RateControl>;
	readonly totals: Omit<Totals, 'ops' | 'all'>;
	readonly operations: readonly OperationStats[];
	readonly all: OperationStats;
	readonly window: Totals;
	readonly lastInterval: WindowStats;
	readonly inFlight: number;
	readonly backlog: number;
	readonly errors: {readonly byKind: Readonly<Record<string, number>>; readonly recent: readonly ErrorSample[]};
	readonly delivery: DeliveryStats | null;
	readonly stages: readonly StageStats[];
	readonly thresholds: ReadonlyArray<{readonly expression: string; readonly ok: boolean | null; readonly observed: number | null}>;
	readonly knee: KneeInfo | null;
	readonly marks: readonly Mark[];
	readonly health: Nullable<GeneratorHealth>;
	readonly counters: Readonly<Record<string, number>>;
	readonly gauges: Readonly<Record<string, number>>;
	readonly series: readonly IntervalPoint[];
	readonly histograms: {
		readonly unit: 'us';
		readonly encoding: 'hdr-compressed-base64';
		readonly operations: Readonly<Record<string, {readonly latency: string; readonly service: string}>>;
	};
	readonly commands: readonly RecordedCommand[];
};

export function toJsonReport(result: RunResult): JsonReport {
	const {final} = result;
	const {ops, all, ...totals} = final.total;
	return {
		format: reportFormat,
		schemaVersion: reportSchemaVersion,
		tool: result.tool,
		environment: result.environment,
		startedAt: result.startedAt,
		endedAt: result.endedAt,
		endReason: result.endReason,
		failure: result.failure ?? null,
		plan: result.plan,
		workload: final.workload,
		target: final.target,
		elapsedMs: final.elapsedMs,
		activeMs: final.activeMs,
		control: {...final.control, spike: final.control.spike ?? null},
		totals,
		operations: ops,
		all,
		window: final.window,
		lastInterval: final.interval,
		inFlight: final.inFlight,
		backlog: final.backlog,
		errors: final.errors,
		delivery: final.delivery ?? null,
		stages: final.stages,
		thresholds: final.thresholds.map(({expression, ok, observed}) => ({expression, ok: ok ?? null, observed: observed ?? null})),
		knee: final.knee ?? null,
		marks: final.marks,
		health: {...final.health, bottleneck: final.health.bottleneck ?? null},
		counters: final.counters,
		gauges: final.gauges,
		series: final.series,
		histograms: {unit: 'us', encoding: 'hdr-compressed-base64', operations: result.histograms},
		commands: result.commands,
	};
}

/** Non-finite numbers become strings (JSON would turn them into null and lose the meaning). */
function replacer(_key: string, value: unknown): unknown {
	return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

export function serializeReport(result: RunResult): string {
	return `${JSON.stringify(toJsonReport(result), replacer, '\t')}\n`;
}

/** A rate field that may hold "Infinity". */
function rate(value: number | string): number {
	return typeof value === 'string' ? Number(value) : value;
}

function reviveShape(load: RunPlan['load']): RunPlan['load'] {
	return Object.fromEntries(
		Object.entries(load).map(([key, value]) => [key, value === 'Infinity' || value === '-Infinity' ? Number(value) : value]),
	) as RunPlan['load'];
}

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/** Rebuild the RunResult a report was written from (the file must already be validated). */
export function fromJsonReport(report: JsonReport): RunResult {
	const distribution: Record<string, {interval: []; window: ReturnType<typeof logBuckets>}> = {};
	for (const [name, encoded] of Object.entries(report.histograms.operations)) {
		distribution[name] = {interval: [], window: logBuckets(decodeHistogram(encoded.latency))};
	}

	const {control} = report;
	const final: RunSnapshot = {
		seq: report.series.length,
		workload: report.workload,
		target: report.target,
		state: 'done',
		elapsedMs: report.elapsedMs,
		activeMs: report.activeMs,
		remainingMs: 0,
		control: {
			...control,
			shapeRate: rate(control.shapeRate),
			targetRate: rate(control.targetRate),
			spike: control.spike ? {...control.spike, rate: rate(control.spike.rate)} : undefined,
		},
		stage: undefined,
		interval: {...report.lastInterval, targetRate: rate(report.lastInterval.targetRate)},
		window: report.window,
		total: {...report.totals, ops: report.operations, all: report.all},
		inFlight: report.inFlight,
		backlog: report.backlog,
		health: {...report.health, bottleneck: orUndefined(report.health.bottleneck)},
		errors: report.errors,
		distribution,
		delivery: orUndefined(report.delivery),
		counters: report.counters,
		gauges: report.gauges,
		series: report.series.map(point => ({...point, targetRate: rate(point.targetRate)})),
		marks: report.marks,
		stages: report.stages.map(stage => ({...stage, targetRate: rate(stage.targetRate)})),
		thresholds: report.thresholds.map(
			({expression, ok, observed}): ThresholdStatus => ({expression, ok: orUndefined(ok), observed: orUndefined(observed)}),
		),
		knee: report.knee ? {...report.knee, rate: rate(report.knee.rate)} : undefined,
	};
	return {
		plan: {...report.plan, load: reviveShape(report.plan.load)},
		tool: report.tool,
		environment: report.environment,
		startedAt: report.startedAt,
		endedAt: report.endedAt,
		endReason: report.endReason,
		failure: orUndefined(report.failure),
		final,
		histograms: report.histograms.operations,
		commands: report.commands,
		// Not in the report: the end of the last interval that was still scheduling load.
		loadEndMs: Math.max(0, ...report.series.filter(point => point.state !== 'draining' && point.state !== 'done').map(point => point.t * 1000)),
	};
}
