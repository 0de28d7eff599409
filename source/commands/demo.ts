/**
 * What `loadscope` with no command runs: live load against a built-in target that needs no
 * servers, so every pane has something to show.
 */
import type {WorkloadCommand} from '../cli/command.js';
import {command as synthetic} from './synthetic.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'demo',
	summary: 'TUI on the built-in demo (what `loadscope` with no command runs)',
	help: `
  Usage
    $ loadscope [options]

  Runs the built-in demo target (no servers needed): an in-process service with a capacity
  limit and periodic stalls, so rate changes, spikes and queueing all show.
`,
	flags: {},
	build(flags, input) {
		const built = synthetic.build(
			{latency: '4ms', latencyDist: 'lognormal', jitter: '2ms', capacity: '40', errorRate: '0.2', stallEvery: '20s', stallFor: '400ms', ...flags},
			input,
		);
		return {...built, target: `built-in demo — ${built.target}`};
	},
};
