/** `loadscope enumerate`: the Multicast Registry pattern, enumerate only. */
import type {WorkloadCommand} from '../cli/command.js';
import {buildRegistry, registryFlags, registryHelp} from './registry-common.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'enumerate',
	summary: 'enumerate registered identities by filter',
	help: `
  Usage
    $ loadscope enumerate [options]
${registryHelp}
  Example
    $ loadscope enumerate -r 100 -d 30s --redis-addr 127.0.0.1:6379 --nats-servers nats://127.0.0.1:4222 --preload 1000
`,
	flags: registryFlags,
	build(flags) {
		return buildRegistry(flags, {register: 0, enumerate: 100, multicast: 0}, {preload: 100});
	},
};
