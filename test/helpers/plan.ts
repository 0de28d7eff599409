/** Plans for engine tests: real worker threads, the synthetic or noop workload. */
import {defaultEngine, type EnginePlan, type RunPlan} from '../../source/engine/plan.js';
import type {ShapeSpec} from '../../source/load/shape.js';
import type {WorkloadSpec} from '../../source/workloads/workload.js';

export function testPlan(options: {
	workload?: WorkloadSpec;
	load?: ShapeSpec;
	engine?: Partial<EnginePlan>;
	thresholds?: string[];
}): RunPlan {
	return {
		name: 'test',
		workload: options.workload ?? {kind: 'synthetic', options: {latencyMs: 1, distribution: 'constant'}},
		target: 'test target',
		load: options.load ?? {type: 'constant', rate: 100, durationMs: 2000},
		engine: {...defaultEngine, workers: 2, intervalMs: 250, ...options.engine},
		thresholds: options.thresholds ?? [],
		abortOnFail: undefined,
		profile: undefined,
	};
}

export const sleep = async (ms: number) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});
