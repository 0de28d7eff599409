/**
 * What `loadscope` with no command runs: memo-019's mixed Multicast Registry workload on the
 * in-memory registry and bus (no servers needed), so every pane — latency, mix, errors and
 * multicast delivery — is live at once. Identities live 5 s, so the population (and the
 * multicast fan-out) stays bounded; multicasts go to region=us (a third of them).
 */
import type {WorkloadCommand} from '../cli/command.js';
import {command as mixed} from './mixed.js';

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'demo',
	summary: 'TUI on the built-in demo (what `loadscope` with no command runs)',
	help: `
  Usage
    $ loadscope [options]

  Runs the built-in demo (no servers needed): the Multicast Registry mixed workload (50% register,
  30% enumerate, 20% multicast) at 200/s on the in-memory registry and bus, identities with a 5 s
  TTL, multicast delivery measured at real (in-memory) subscribers.
`,
	// The demo takes no profile, so its starting rate can be a plain default.
	flags: {rate: {type: 'string', shortFlag: 'r', default: '200'}},
	async build(flags, input) {
		const built = await mixed.build({ttl: '5s', filter: 'region=us', ...flags}, input);
		return {...built, target: `built-in demo — ${built.target}`};
	},
};
