/**
 * The controller on the main thread: spawns the worker threads, splits the target rate between
 * them, relays commands, merges their snapshots into one RunSnapshot per interval and runs the
 * stop sequence (stop scheduling → drain → finish → final snapshot). It never awaits a worker
 * without a deadline, so a dead or stuck worker ends the run with a partial report, not a hang.
 */
import os from 'node:os';
import process from 'node:process';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {Worker} from 'node:worker_threads';
import {readFileSync} from 'node:fs';
import {RuntimeFailure, UsageError} from '../errors.js';
import {createShape} from '../load/index.js';
import type {LoadShape} from '../load/shape.js';
import {encodeHistogram, percentileMs} from '../metrics/histogram.js';
import {packagePath} from '../paths.js';
import type {OperationSpec} from '../workloads/workload.js';
import {Aggregator} from './aggregate.js';
import {epochNow} from './clock.js';
import type {Command, RecordedCommand} from './commands.js';
import {findBottleneck} from './health.js';
import type {FromWorker, ToWorker, WorkerSnapshot} from './messages.js';
import type {RunPlan} from './plan.js';
import {RateControl} from './rate-control.js';
import type {EndReason, IntervalHistograms, RunHandle, RunResult} from './run-handle.js';
import type {IntervalPoint, Mark, RunSnapshot, RunState, WorkerHealth} from './snapshot.js';
import {RunExtensions} from './extensions.js';
import {TimeSeries} from './time-series.js';
import {redactSecrets} from '../connections/redact.js';

type WorkerSlot = {
	readonly id: number;
	readonly worker: Worker;
	alive: boolean;
	drained: boolean;
	done: boolean;
	last: WorkerSnapshot | undefined;
	/** Its outstanding calls were counted as cancelled because it ended without a final snapshot. */
	lost: boolean;
	/** Highest snapshot number received. */
	seq: number;
};

const pilotMs = 10;
const startDelayMs = 100;
/** How long before the planned end the workers are told its exact time. */
const endNoticeMs = 250;
const finishMarginMs = 5000;
/** How long past --max-duration a worker that does not answer is waited for before it is terminated. */
const hardStopMarginMs = 500;

function readVersion(): string {
	try {
		return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}

function splitQuota(total: number | undefined, workers: number, index: number): number | undefined {
	if (total === undefined) {
		return undefined;
	}

	return Math.floor(total / workers) + (index < total % workers ? 1 : 0);
}

/** Resolves once `check()` is true, polling on `tick`, or after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check() && Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 5);
		});
	}
}

export class Run implements RunHandle {
	readonly plan: RunPlan;
	readonly done: Promise<RunResult>;
	readonly #shape: LoadShape;
	readonly #control: RateControl;
	readonly #extensions: RunExtensions;
	readonly #slots: WorkerSlot[] = [];
	readonly #snapshotListeners = new Set<(snapshot: RunSnapshot) => void>();
	readonly #intervalListeners = new Set<(interval: IntervalHistograms) => void>();
	readonly #series: TimeSeries;
	readonly #marks: Mark[] = [];
	readonly #commands: RecordedCommand[] = [];
	readonly #mainLoopDelay = monitorEventLoopDelay({resolution: 10});
	#aggregator!: Aggregator;
	#operations: readonly OperationSpec[] = [];
	#resolveDone!: (result: RunResult) => void;
	#startEpochMs = 0;
	#startedAt = new Date();
	#lastEmitEpochMs = 0;
	#lastCpu = process.cpuUsage();
	#seq = 0;
	#lastRate = Number.NaN;
	#windowStartActiveMs = 0;
	#stopping = false;
	#aborting = false;
	#endReason: EndReason = 'duration';
	#failure: string | undefined;
	#pilotTimer: NodeJS.Timeout | undefined;
	#hardStopTimer: NodeJS.Timeout | undefined;
	#snapshotTimer: NodeJS.Timeout | undefined;
	#latest: RunSnapshot | undefined;
	#state: RunState = 'starting';
	/** Snapshot number the next merged interval waits for from every worker. */
	#nextSeq = 0;
	/** Longest worker interval merged since the last emit (the window rates are computed over). */
	#pendingIntervalMs = 0;
	#pendingEpochMs = 0;
	#endAtSent = false;
	/** Index of the shape's next mark (a replayed session's marks) to place. */
	#nextShapeMark = 0;
	/** Active ms when scheduling stopped: rates are over the scheduled time, not the drain. */
	#scheduleEndActiveMs: number | undefined;
	/** Wall ms since start when scheduling stopped (where a saved session's timeline ends). */
	#scheduleEndElapsedMs = 0;

	constructor(plan: RunPlan) {
		this.plan = plan;
		this.#shape = createShape(plan.load);
		this.#control = new RateControl(this.#shape);
		this.#extensions = new RunExtensions(plan, this.#shape);
		this.#series = new TimeSeries(plan.engine.seriesLimit);
		this.done = new Promise(resolve => {
			this.#resolveDone = resolve;
		});
	}

	/** Spawn workers, open workloads, start the load. Throws UsageError/RuntimeFailure if a workload cannot open. */
	async start(): Promise<void> {
		const {engine} = this.plan;
		const ready = new Map<number, readonly OperationSpec[]>();
		let fatal: {message: string; exitCode: number} | undefined;
		for (let id = 0; id < engine.workers; id++) {
			const worker = new Worker(new URL('worker.js', import.meta.url));
			const slot: WorkerSlot = {id, worker, alive: true, drained: false, done: false, last: undefined, lost: false, seq: -1};
			this.#slots.push(slot);
			worker.on('message', (message: FromWorker) => {
				switch (message.type) {
					case 'ready': {
						ready.set(message.workerId, message.operations);
						break;
					}

					case 'fatal': {
						fatal ??= {message: message.message, exitCode: message.exitCode};
						this.#failure ??= `worker ${id}: ${message.message}`;
						break;
					}

					default: {
						this.#onMessage(slot, message);
					}
				}
			});
			worker.on('error', error => {
				fatal ??= {message: error.message, exitCode: 1};
				this.#onWorkerLost(slot, `worker ${id} crashed: ${error.message}`);
			});
			worker.on('exit', code => {
				if (!slot.done) {
					this.#onWorkerLost(slot, `worker ${id} exited unexpectedly (code ${code})`);
				}
			});
			this.#send(slot, {
				type: 'init',
				workerId: id,
				workerCount: engine.workers,
				workload: this.plan.workload,
				maxInFlight: Math.max(1, Math.ceil(engine.maxInFlight / engine.workers)),
				maxBacklog: engine.maxBacklog,
				arrival: engine.arrival,
				intervalMs: engine.intervalMs,
				timeoutMs: engine.timeoutMs,
				quota: splitQuota(engine.totalRequests, engine.workers, id),
			});
		}

		await until(() => fatal !== undefined || ready.size === engine.workers || this.#slots.every(slot => !slot.alive), 120_000);
		if (fatal || ready.size !== engine.workers) {
			await this.#terminateAll();
			const message = fatal?.message ?? 'workers did not start';
			throw fatal?.exitCode === 2 ? new UsageError(message) : new RuntimeFailure(message);
		}

		this.#operations = ready.get(0)!;
		this.#aggregator = new Aggregator(this.#operations);
		this.#mainLoopDelay.enable();
		this.#startedAt = new Date();
		this.#startEpochMs = epochNow() + startDelayMs;
		this.#lastEmitEpochMs = this.#startEpochMs;
		this.#lastCpu = process.cpuUsage();
		const rate = this.#control.targetRate(0);
		this.#lastRate = rate;
		for (const slot of this.#slots) {
			this.#send(slot, {type: 'start', startEpochMs: this.#startEpochMs, rate: rate / engine.workers, phase: slot.id / engine.workers});
		}

		this.#state = 'running';
		if (engine.maxDurationMs !== undefined) {
			// --max-duration bounds the whole run, drain and delivery grace included, whatever state
			// it is in (running, paused, held, draining): what is still in flight then is cancelled.
			this.#hardStopTimer = setTimeout(() => {
				this.#hardStop();
			}, Math.max(0, this.#startEpochMs + engine.maxDurationMs - epochNow()));
		}

		this.#pilotTimer = setInterval(() => {
			this.#pilot();
		}, pilotMs);
		// Intervals are emitted when every worker's snapshot of that number has arrived; this
		// watchdog only covers a worker that is late or gone.
		this.#snapshotTimer = setInterval(() => {
			if (epochNow() - this.#lastEmitEpochMs > engine.intervalMs * 1.6) {
				this.#emit();
			}
		}, engine.intervalMs / 4);
	}

	send(command: Command): void {
		if (this.#state === 'starting' || this.#state === 'done') {
			return;
		}

		const elapsed = this.#elapsedMs();
		const activeMs = this.#control.activeMs(elapsed);
		switch (command.type) {
			case 'stop': {
				if (this.#stopping) {
					this.#abort(command.reason ?? 'interrupted');
				} else {
					void this.#stop((command.reason as EndReason | undefined) ?? 'stopped', false);
				}

				return;
			}

			case 'abort': {
				this.#abort((command.reason as EndReason | undefined) ?? 'aborted');
				return;
			}

			case 'mark': {
				const label = command.label ?? `mark ${this.#marks.length + 1}`;
				this.#marks.push({atMs: elapsed, label});
				this.#commands.push({atMs: activeMs, elapsedMs: elapsed, command: {type: 'mark', label}});
				return;
			}

			case 'reset-window': {
				this.#aggregator.resetWindow();
				this.#windowStartActiveMs = activeMs;
				return;
			}

			default: {
				if (this.#stopping) {
					return;
				}

				const wasPaused = this.#control.paused;
				if (!this.#control.apply(command, elapsed)) {
					return;
				}

				this.#commands.push({atMs: activeMs, elapsedMs: elapsed, command});
				if (this.#control.paused !== wasPaused) {
					for (const slot of this.#slots) {
						this.#send(slot, {type: this.#control.paused ? 'pause' : 'resume'});
					}
				}

				this.#pilot();
			}
		}
	}

	onSnapshot(listener: (snapshot: RunSnapshot) => void): () => void {
		this.#snapshotListeners.add(listener);
		return () => this.#snapshotListeners.delete(listener);
	}

	onInterval(listener: (interval: IntervalHistograms) => void): () => void {
		this.#intervalListeners.add(listener);
		return () => this.#intervalListeners.delete(listener);
	}

	latest(): RunSnapshot | undefined {
		return this.#latest;
	}

	#elapsedMs(): number {
		return Math.max(0, epochNow() - this.#startEpochMs);
	}

	#send(slot: WorkerSlot, message: ToWorker): void {
		if (slot.alive) {
			try {
				slot.worker.postMessage(message);
			} catch {
				// The worker is gone; its exit handler reports it.
			}
		}
	}

	#onMessage(slot: WorkerSlot, message: FromWorker): void {
		switch (message.type) {
			case 'snapshot': {
				this.#absorb(slot, message.snapshot);
				if (this.#slots.every(other => !other.alive || other.seq >= this.#nextSeq)) {
					this.#emit();
				}

				break;
			}

			case 'drained': {
				slot.drained = true;
				break;
			}

			case 'done': {
				this.#absorb(slot, message.snapshot);
				slot.done = true;
				slot.drained = true;
				break;
			}

			default: {
				break;
			}
		}
	}

	#absorb(slot: WorkerSlot, snapshot: WorkerSnapshot): void {
		slot.last = snapshot;
		slot.seq = Math.max(slot.seq, snapshot.seq);
		this.#pendingIntervalMs = Math.max(this.#pendingIntervalMs, snapshot.intervalMs);
		this.#pendingEpochMs = Math.max(this.#pendingEpochMs, snapshot.atEpochMs);
		this.#aggregator?.add(snapshot, this.#elapsedMs());
	}

	#onWorkerLost(slot: WorkerSlot, reason: string): void {
		if (!slot.alive) {
			return;
		}

		slot.alive = false;
		slot.drained = true;
		this.#failure ??= reason;
		this.#countLost(slot);
		if (this.#state !== 'starting' && !this.#stopping) {
			void this.#stop('worker-failed', false);
		}
	}

	/** A worker gone without its final snapshot: what it had outstanding is cancelled, counted once. */
	#countLost(slot: WorkerSlot): void {
		if (slot.lost || !slot.last || !this.#aggregator) {
			return;
		}

		slot.lost = true;
		this.#aggregator.addLost(slot.last.inFlight, slot.last.backlog);
	}

	/** Every 10 ms: keep the workers' rate in line with the shape and commands; check end conditions. */
	#pilot(): void {
		if (this.#stopping) {
			return;
		}

		const elapsed = this.#elapsedMs();
		const {engine} = this.plan;
		const shapeMs = this.#control.shapeMs(elapsed);
		const shapeMarks = this.#shape.marks ?? [];
		while (this.#nextShapeMark < shapeMarks.length && shapeMarks[this.#nextShapeMark]!.atMs <= shapeMs) {
			this.send({type: 'mark', label: shapeMarks[this.#nextShapeMark++]!.label});
		}

		const duration = this.#shape.durationMs;
		if (duration !== undefined && shapeMs >= duration && !this.#control.held) {
			void this.#stop('duration', false);
			return;
		}

		if (engine.maxDurationMs !== undefined && elapsed >= engine.maxDurationMs) {
			void this.#stop('max-duration', false);
			return;
		}

		if (engine.totalRequests !== undefined && this.#slots.every(slot => !slot.alive || slot.last?.scheduleDone)) {
			void this.#stop('total', false);
			return;
		}

		// Tell the workers the exact planned end shortly before it, so the last arrivals are not
		// overshot by the pilot's 10 ms resolution.
		const remaining = duration === undefined ? Number.POSITIVE_INFINITY : duration - shapeMs;
		const endKnown = remaining <= endNoticeMs && !this.#control.held && !this.#control.paused;
		if (endKnown !== this.#endAtSent) {
			this.#endAtSent = endKnown;
			for (const slot of this.#slots) {
				this.#send(slot, {type: 'end-at', epochMs: endKnown ? this.#startEpochMs + elapsed + remaining : Number.POSITIVE_INFINITY});
			}
		}

		const rate = this.#control.targetRate(elapsed);
		if (this.#rateChanged(rate)) {
			this.#lastRate = rate;
			const alive = this.#slots.filter(slot => slot.alive);
			for (const slot of alive) {
				this.#send(slot, {type: 'rate', rate: rate / alive.length});
			}
		}
	}

	#rateChanged(rate: number): boolean {
		if (rate === this.#lastRate) {
			return false;
		}

		if (!Number.isFinite(rate) || !Number.isFinite(this.#lastRate) || rate === 0 || this.#lastRate === 0) {
			return true;
		}

		return Math.abs(rate - this.#lastRate) > Math.max(0.0005 * this.#lastRate, 0.001);
	}

	#abort(reason: string): void {
		this.#aborting = true;
		this.#endReason = reason === 'interrupted' ? 'interrupted' : (reason as EndReason);
		for (const slot of this.#slots) {
			this.#send(slot, {type: 'abort'});
		}

		if (!this.#stopping) {
			void this.#stop(this.#endReason, true);
		}
	}

	async #stop(reason: EndReason, abort: boolean): Promise<void> {
		if (this.#stopping) {
			return;
		}

		this.#stopping = true;
		this.#endReason = reason;
		this.#state = 'draining';
		const elapsed = this.#elapsedMs();
		const duration = this.#shape.durationMs;
		this.#scheduleEndActiveMs =
			reason === 'duration' && duration !== undefined
				? this.#control.activeMs(elapsed) - (this.#control.shapeMs(elapsed) - duration)
				: this.#control.activeMs(elapsed);
		this.#scheduleEndElapsedMs = elapsed - (this.#control.activeMs(elapsed) - this.#scheduleEndActiveMs);
		clearInterval(this.#pilotTimer);
		const {engine} = this.plan;
		const drainTimeoutMs = Math.min(engine.drainTimeoutMs, this.#untilHardStopMs());
		for (const slot of this.#slots) {
			this.#send(slot, abort ? {type: 'abort'} : {type: 'stop', drainTimeoutMs});
		}

		this.#emit();
		await until(() => this.#slots.every(slot => slot.drained), this.#boundedWaitMs(drainTimeoutMs + finishMarginMs));
		// A worker that did not even answer the drain is stuck: it is not waited for twice.
		const stuck = new Set(this.#slots.filter(slot => slot.alive && !slot.drained));
		const graceMs = this.#aborting ? 0 : Math.min(engine.deliveryGraceMs, this.#untilHardStopMs());
		for (const slot of this.#slots) {
			this.#send(slot, {type: 'finish', deliveryGraceMs: graceMs});
		}

		await until(() => this.#slots.every(slot => slot.done || !slot.alive || stuck.has(slot)), this.#boundedWaitMs(graceMs + finishMarginMs));
		for (const slot of this.#slots) {
			if (!slot.done && slot.alive) {
				this.#failure ??= `worker ${slot.id} did not finish in time; its last interval is missing`;
				this.#countLost(slot);
			}
		}

		await this.#terminateAll();
		clearInterval(this.#snapshotTimer);
		clearTimeout(this.#hardStopTimer);
		this.#state = 'done';
		const final = this.#emit();
		this.#mainLoopDelay.disable();
		this.#resolveDone(this.#result(final));
	}

	/** ms left before --max-duration (Infinity without it). */
	#untilHardStopMs(): number {
		const {maxDurationMs} = this.plan.engine;
		return maxDurationMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.#startEpochMs + maxDurationMs - epochNow());
	}

	/** A wait of `ms`, cut so it ends shortly after --max-duration. */
	#boundedWaitMs(ms: number): number {
		return Math.min(ms, this.#untilHardStopMs() + hardStopMarginMs);
	}

	/**
	 * --max-duration reached: a run still scheduling stops as 'max-duration'; a run already
	 * draining keeps its reason. Either way everything in flight is cancelled now (counted), the
	 * delivery grace is skipped, and #stop's waits, bounded by the same deadline, end the run.
	 */
	#hardStop(): void {
		if (this.#state === 'done') {
			return;
		}

		for (const slot of this.#slots) {
			this.#send(slot, {type: 'abort'});
		}

		if (!this.#stopping) {
			void this.#stop('max-duration', true);
		}
	}

	async #terminateAll(): Promise<void> {
		await Promise.all(
			this.#slots.map(async slot => {
				slot.done ||= !slot.alive;
				const wasAlive = slot.alive;
				slot.alive = false;
				if (wasAlive) {
					await slot.worker.terminate().catch(() => undefined);
				}
			}),
		);
	}

	/** Merge what the workers sent since the last interval into a RunSnapshot and publish it. */
	#emit(): RunSnapshot {
		const now = epochNow();
		const elapsed = this.#elapsedMs();
		const activeMs = this.#control.activeMs(elapsed);
		const scheduledMs = Math.min(activeMs, this.#scheduleEndActiveMs ?? activeMs);
		const shapeMs = this.#control.shapeMs(elapsed);
		const intervalMs = Math.max(1, this.#pendingIntervalMs > 0 ? this.#pendingIntervalMs : now - this.#lastEmitEpochMs);
		const intervalSeconds = intervalMs / 1000;
		const aggregator = this.#aggregator;
		const control = this.#control.view(elapsed);
		const state: RunState = this.#state === 'running' ? this.#control.state(elapsed) : this.#state;
		const alive = this.#slots.filter(slot => slot.last);
		const inFlight = alive.reduce((sum, slot) => sum + (slot.alive || slot.done ? slot.last!.inFlight : 0), 0);
		const backlog = alive.reduce((sum, slot) => sum + (slot.alive || slot.done ? slot.last!.backlog : 0), 0);
		const counts = aggregator.interval.counts;
		const intervalOps = aggregator.opStats(aggregator.interval, intervalSeconds);
		const intervalAll = aggregator.interval.all.stats('all', intervalSeconds);
		const workers: WorkerHealth[] = this.#slots.map(slot => ({
			workerId: slot.id,
			utilization: slot.last?.utilization ?? 0,
			eventLoopDelayP99: slot.last?.eventLoopDelayP99 ?? 0,
			eventLoopDelayMax: slot.last?.eventLoopDelayMax ?? 0,
			latenessP99: 0,
			alive: slot.alive || slot.done,
		}));
		const latenessP99 = percentileMs(aggregator.lateness, 99);
		const cpu = process.cpuUsage(this.#lastCpu);
		this.#lastCpu = process.cpuUsage();
		const processCpu = (cpu.user + cpu.system) / 1000 / intervalMs;
		const mainEventLoopDelayP99 = this.#mainLoopDelay.count > 0 ? this.#mainLoopDelay.percentile(99) / 1e6 : 0;
		this.#mainLoopDelay.reset();
		const delivery = aggregator.delivery();
		const point: IntervalPoint = {
			t: Math.max(0, (this.#pendingEpochMs > 0 ? this.#pendingEpochMs : now) - this.#startEpochMs) / 1000,
			durationMs: intervalMs,
			state,
			targetRate: control.targetRate,
			offeredRate: counts.offered / intervalSeconds,
			achievedRate: counts.dispatched / intervalSeconds,
			completedRate: counts.completed / intervalSeconds,
			inFlight,
			backlog,
			errors: intervalAll.errors,
			latenessP99,
			utilization: Math.max(0, ...workers.map(worker => worker.utilization)),
			ops: Object.fromEntries(
				intervalOps.map(op => [op.name, {count: op.count, errors: op.errors, p50: op.latency.p50, p99: op.latency.p99, p999: op.latency.p999, max: op.latency.max, serviceP99: op.service.p99}]),
			),
			...(delivery ? {deliveryRatio: delivery.ratio} : {}),
		};
		if (this.#state !== 'starting') {
			this.#series.push(point);
		}

		const interval: IntervalHistograms = {
			startEpochMs: this.#lastEmitEpochMs,
			endEpochMs: now,
			activeMs,
			targetRate: control.targetRate,
			offered: counts.offered,
			dispatched: counts.dispatched,
			ops: new Map(
				this.#operations.map((operation, index) => {
					const op = aggregator.interval.ops[index]!;
					return [operation.name, {latency: op.latency, service: op.service, ok: op.ok, errors: op.errors}] as const;
				}),
			),
		};
		const stage = this.#shape.stageAt(shapeMs);
		// The interval's counts were taken over the last intervalMs: they belong to the stage at its middle.
		const intervalStage = this.#shape.stageAt(Math.max(0, shapeMs - (intervalMs / 2)));
		const intervalTarget = this.#control.targetRate(Math.max(0, elapsed - (intervalMs / 2)));
		this.#extensions.addInterval(interval, {stage: intervalStage, targetRate: intervalTarget, scheduledMs, shapeMs, state, control});
		for (const listener of this.#intervalListeners) {
			listener(interval);
		}

		const duration = this.#shape.durationMs;
		const remainingMs =
			this.#state === 'done' ? 0 : duration === undefined || control.held ? undefined : Math.max(0, duration - shapeMs);
		const base = {
			seq: this.#seq++,
			workload: this.plan.name,
			target: this.plan.target,
			state,
			elapsedMs: elapsed,
			activeMs,
			remainingMs,
			control,
			stage,
			interval: {
				durationMs: intervalMs,
				targetRate: control.targetRate,
				offeredRate: point.offeredRate,
				achievedRate: point.achievedRate,
				completedRate: point.completedRate,
				errorRate: intervalAll.count > 0 ? intervalAll.errors / intervalAll.count : 0,
				ops: intervalOps,
				all: intervalAll,
			},
			window: aggregator.totals(aggregator.window, Math.max(0, scheduledMs - this.#windowStartActiveMs) / 1000),
			total: aggregator.totals(aggregator.total, scheduledMs / 1000),
			inFlight,
			backlog,
			health: {
				workers,
				latenessP99,
				latenessMax: aggregator.lateness.totalCount > 0 ? aggregator.lateness.maxValue / 1000 : 0,
				processCpu,
				mainEventLoopDelayP99,
				bottleneck:
					state === 'draining' || state === 'done'
						? undefined
						: findBottleneck({workers, latenessP99, mainEventLoopDelayP99, offered: counts.offered, dispatched: counts.dispatched, backlog}),
			},
			errors: {byKind: {...aggregator.errorsByKind}, recent: aggregator.recentErrors()},
			distribution: aggregator.distribution(),
			delivery,
			counters: {...aggregator.counters},
			gauges: aggregator.gauges(),
			series: this.#series.points,
			marks: this.#marks,
		};
		const snapshot: RunSnapshot = {...base, ...this.#extensions.evaluate(base)};
		aggregator.resetInterval();
		this.#lastEmitEpochMs = now;
		this.#pendingIntervalMs = 0;
		this.#pendingEpochMs = 0;
		this.#nextSeq = Math.max(this.#nextSeq, ...this.#slots.map(slot => slot.seq)) + 1;
		this.#latest = snapshot;
		for (const listener of this.#snapshotListeners) {
			listener(snapshot);
		}

		const verdict = this.#extensions.abortReason(snapshot);
		if (verdict && !this.#stopping) {
			this.#failure ??= verdict.message;
			void this.#stop(verdict.reason, false);
		}

		return snapshot;
	}

	#result(final: RunSnapshot): RunResult {
		const histograms: Record<string, {latency: string; service: string}> = {};
		for (const [index, operation] of this.#operations.entries()) {
			const op = this.#aggregator.total.ops[index]!;
			histograms[operation.name] = {latency: encodeHistogram(op.latency), service: encodeHistogram(op.service)};
		}

		return {
			// Reports and saved sessions leave the process: no password or token goes with them.
			plan: redactSecrets(this.plan),
			tool: {name: 'loadscope', version: readVersion()},
			environment: {node: process.version, platform: process.platform, arch: process.arch, cpus: os.cpus().length, hostname: os.hostname()},
			startedAt: this.#startedAt.toISOString(),
			endedAt: new Date().toISOString(),
			endReason: this.#endReason,
			failure: this.#failure,
			final,
			histograms,
			commands: this.#commands,
			loadEndMs: this.#scheduleEndElapsedMs,
		};
	}
}

/** Start a run; resolves once workers are ready and load has started. */
export async function startRun(plan: RunPlan): Promise<RunHandle> {
	const run = new Run(plan);
	await run.start();
	return run;
}
