/** `loadscope run FILE [flags]` and `--profile FILE`: load the profile and merge it under the CLI flags. */
import {UsageError} from '../errors.js';
import {checkProfileFlags, loadProfile, type Profile} from './profile.js';

export {checkProfileFlags};

export function resolveProfile(argv: readonly string[]): {argv: readonly string[]; profile: Profile | undefined} {
	if (argv[0] === 'run') {
		const file = argv[1];
		if (file === undefined || file.startsWith('-')) {
			throw new UsageError('run needs a profile file, e.g. loadscope run profiles/step-ramp.yaml');
		}

		const profile = loadProfile(file);
		return {argv: [profile.workload, ...profile.args, ...argv.slice(2)], profile};
	}

	const index = argv.findIndex(arg => arg === '--profile' || arg.startsWith('--profile='));
	if (index < 0) {
		return {argv, profile: undefined};
	}

	const flag = argv[index]!;
	const file = flag.includes('=') ? flag.slice('--profile='.length) : argv[index + 1];
	if (file === undefined || file === '') {
		throw new UsageError('--profile needs a file, e.g. --profile profiles/step-ramp.yaml');
	}

	return {argv, profile: loadProfile(file)};
}

/**
 * Profile values fill flags the command line left unset: flags override the file. meow gives an
 * unset boolean flag false and an unset repeatable flag [], so those count as unset too.
 */
export function mergeProfileFlags(flags: Record<string, unknown>, profile: Profile): void {
	for (const [key, value] of Object.entries({...profile.engine, ...profile.options})) {
		const current = flags[key];
		if (current === undefined || current === false || (Array.isArray(current) && current.length === 0)) {
			flags[key] = value;
		}
	}
}
