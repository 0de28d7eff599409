/** `loadscope register`: the Multicast Registry pattern, register only. */
import type {WorkloadCommand} from '../cli/command.js';
import {buildRegistry, registryFlags, registryHelp} from './registry-common.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'register',
	summary: 'register identities (loadtest-user-N) with metadata and a TTL',
	help: `
  Usage
    $ loadscope register [options]
${registryHelp}
  Example
    $ loadscope register -r 100 -d 30s --redis-addr 127.0.0.1:6379 --nats-servers nats://127.0.0.1:4222
`,
	flags: registryFlags,
	build(flags) {
		return buildRegistry(flags, {register: 100, enumerate: 0, multicast: 0});
	},
};
