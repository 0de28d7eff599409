import type {WorkloadCommand} from '../cli/command.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'noop',
	summary: 'resolves at once: measures the engine ceiling',
	help: `
  Usage
    $ loadscope noop [options]

  Every call resolves immediately: what you see is the generator's own cost and ceiling.

  Example
    $ loadscope noop -r max -c 1000 -d 5s --no-tui
`,
	flags: {},
	build() {
		return {workload: {kind: 'noop', options: {}}, target: 'no-op (engine ceiling)'};
	},
};
