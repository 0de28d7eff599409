/**
 * A subcommand of the CLI. Workload commands only turn their own flags into a workload spec; the
 * common flags (rate, duration, workers, outputs, thresholds, profile) are shared and composed by
 * the CLI, so options never multiply per workload. Action commands (serve, report, compare) run
 * on their own and return an exit code.
 */
import type {AnyFlags} from 'meow';
import type {WorkloadSpec} from '../workloads/workload.js';

export type Flags = Record<string, unknown>;

export type WorkloadCommand = {
	readonly kind: 'workload';
	readonly name: string;
	/** One line for the top-level help. */
	readonly summary: string;
	/** Help for this command's own flags (shown by `loadscope NAME --help`). */
	readonly help: string;
	/** meow flag definitions for this command's own flags (no defaults for flags a profile may set). */
	readonly flags: AnyFlags;
	/**
	 * Build the workload from parsed flags and positional arguments (after the command name).
	 * Throw UsageError with one clear line for bad input.
	 */
	build(flags: Flags, input: readonly string[]): WorkloadBuild | Promise<WorkloadBuild>;
};

export type WorkloadBuild = {
	readonly workload: WorkloadSpec;
	/** Target shown in the header and report, credentials redacted. */
	readonly target: string;
	/** Extra engine settings this workload needs, e.g. delivery grace for multicast. */
	readonly deliveryGraceMs?: number;
};

export type ActionCommand = {
	readonly kind: 'action';
	readonly name: string;
	readonly summary: string;
	readonly help: string;
	readonly flags: AnyFlags;
	/** Run and resolve to the process exit code. Throw UsageError for bad input. */
	run(flags: Flags, input: readonly string[]): Promise<number>;
};

export type CommandSpec = WorkloadCommand | ActionCommand;
