import type {WorkloadCommand} from '../cli/command.js';
import {parseDuration} from '../cli/parse.js';
import {UsageError} from '../errors.js';
import {defaultSyntheticOptions, latencyDistributions, validateSyntheticOptions, type SyntheticOptions} from '../workloads/synthetic.js';

function describe(options: SyntheticOptions): string {
	const parts = [`synthetic service: ${options.distribution} ${options.latencyMs} ms`];
	if (options.distribution !== 'constant' && options.distribution !== 'exponential') {
		parts[0] += ` ± ${options.jitterMs} ms`;
	}

	if (options.capacity > 0) {
		parts.push(`capacity ${options.capacity} slots`);
	}

	if (options.errorRate > 0) {
		parts.push(`${options.errorRate}% errors`);
	}

	if (options.stallEveryMs > 0) {
		parts.push(`stall ${options.stallForMs} ms every ${options.stallEveryMs} ms`);
	}

	return parts.join(', ');
}

function percent(value: unknown): number {
	const number = Number(String(value).replace(/%$/, ''));
	if (!Number.isFinite(number) || number < 0 || number > 100) {
		throw new UsageError(`--error-rate must be a percentage between 0 and 100, got '${String(value)}'`);
	}

	return number;
}

function count(value: unknown, what: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) {
		throw new UsageError(`${what} must be a whole number >= 0, got '${String(value)}'`);
	}

	return number;
}

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'synthetic',
	summary: 'in-process service with chosen latency, errors, stalls and capacity',
	help: `
  Usage
    $ loadscope synthetic [options]

  Synthetic service
    --latency D          Mean service latency (default ${defaultSyntheticOptions.latencyMs}ms)
    --latency-dist NAME  ${latencyDistributions.join(' | ')} (default ${defaultSyntheticOptions.distribution})
    --jitter D           Spread: half-width (uniform) or standard deviation (normal, lognormal) (default ${defaultSyntheticOptions.jitterMs}ms)
    --error-rate PCT     Percentage of calls that fail (default 0)
    --stall-every D      A stall every D (calls finish only after it ends) ...
    --stall-for D        ... lasting D
    --capacity N         Service slots for the run; calls beyond them queue (knee at N / latency)
    --operation NAME     Operation name in reports (default ${defaultSyntheticOptions.operation})

  Example
    $ loadscope synthetic -r 500 -d 30s --latency 5ms --capacity 20
`,
	flags: {
		latency: {type: 'string'},
		latencyDist: {type: 'string'},
		jitter: {type: 'string'},
		errorRate: {type: 'string'},
		stallEvery: {type: 'string'},
		stallFor: {type: 'string'},
		capacity: {type: 'string'},
		operation: {type: 'string'},
	},
	build(flags) {
		const options = validateSyntheticOptions({
			...(flags.latency === undefined ? {} : {latencyMs: parseDuration(flags.latency, '--latency')}),
			...(flags.latencyDist === undefined ? {} : {distribution: String(flags.latencyDist)}),
			...(flags.jitter === undefined ? {} : {jitterMs: parseDuration(flags.jitter, '--jitter')}),
			...(flags.errorRate === undefined ? {} : {errorRate: percent(flags.errorRate)}),
			...(flags.stallEvery === undefined ? {} : {stallEveryMs: parseDuration(flags.stallEvery, '--stall-every')}),
			...(flags.stallFor === undefined ? {} : {stallForMs: parseDuration(flags.stallFor, '--stall-for')}),
			...(flags.capacity === undefined ? {} : {capacity: count(flags.capacity, '--capacity')}),
			...(flags.operation === undefined ? {} : {operation: String(flags.operation)}),
		});
		if ((options.stallEveryMs > 0) !== (options.stallForMs > 0)) {
			throw new UsageError('--stall-every and --stall-for go together');
		}

		return {workload: {kind: 'synthetic', options}, target: describe(options)};
	},
};
