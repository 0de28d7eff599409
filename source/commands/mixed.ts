/** `loadscope mixed`: memo-019's mixed Multicast Registry workload (50% register, 30% enumerate, 20% multicast). */
import type {WorkloadCommand} from '../cli/command.js';
import {buildMix, buildRegistry, mixFlags, registryFlags, registryHelp} from './registry-common.js';

export const defaultMix = {register: 50, enumerate: 30, multicast: 20};

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'mixed',
	summary: 'register / enumerate / multicast mix on the Multicast Registry (memo-019)',
	help: `
  Usage
    $ loadscope mixed [options]

  Mix (must sum to 100)
    --register-pct N       Percentage of register calls (default 50)
    --enumerate-pct N      Percentage of enumerate calls (default 30)
    --multicast-pct N      Percentage of multicast calls (default 20)
    --mix LIST             The same in one flag: register=50,enumerate=30,multicast=20
${registryHelp}
  Example (memo-019)
    $ loadscope mixed -r 100 -d 60s --redis-addr 127.0.0.1:6379 --nats-servers nats://127.0.0.1:4222
`,
	flags: {...registryFlags, ...mixFlags},
	build(flags) {
		return buildRegistry(flags, buildMix(flags, defaultMix));
	},
};
