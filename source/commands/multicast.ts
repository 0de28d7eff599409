/** `loadscope multicast`: the Multicast Registry pattern, multicast only. */
import type {WorkloadCommand} from '../cli/command.js';
import {buildRegistry, registryFlags, registryHelp} from './registry-common.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'multicast',
	summary: 'multicast to every identity a filter matches, delivery measured',
	help: `
  Usage
    $ loadscope multicast [options]
${registryHelp}
  Example
    $ loadscope multicast -r 100 -d 30s --redis-addr 127.0.0.1:6379 --nats-servers nats://127.0.0.1:4222 --preload 1000
`,
	flags: registryFlags,
	build(flags) {
		return buildRegistry(flags, {register: 0, enumerate: 0, multicast: 100}, {preload: 100});
	},
};
