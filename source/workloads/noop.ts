/** Resolves at once: measures the engine's own ceiling (dispatch, timing, recording). */
import type {CallOutcome, Workload, WorkloadFactory} from './workload.js';

const ok: CallOutcome = {ok: true};
const resolved = Promise.resolve(ok);

export const create: WorkloadFactory = async () => {
	const workload: Workload = {
		operations: [{name: 'noop', weight: 1}],
		async open() {},
		call: async () => resolved,
		async close() {},
	};
	return workload;
};
