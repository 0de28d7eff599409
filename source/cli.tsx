#!/usr/bin/env node
/**
 * loadscope's command line: picks the subcommand, parses flags with meow, builds the plans and
 * hands over. Every user error ends here as one line on stderr and exit code 2.
 */
import process from 'node:process';
import meow, {type AnyFlags} from 'meow';
import type {CommandSpec, Flags} from './cli/command.js';
import {commonFlags, commonHelp} from './cli/common-flags.js';
import {buildPlans} from './cli/build-plan.js';
import {checkProfileFlags, mergeProfileFlags, resolveProfile} from './cli/profile-args.js';
import {commandNames, commands} from './cli/registry.js';
import {redactSecrets} from './connections/redact.js';
import {exitCodes, RuntimeFailure, UsageError} from './errors.js';
import {executeRun} from './run.js';
import {exitProcess, ignoreHangupErrors, terminalGone} from './terminal-hangup.js';

// React picks its build when first imported: the production build costs a third less CPU.
process.env.NODE_ENV ??= 'production';
// A closed terminal must not crash the run before its reports are written.
for (const stream of [process.stdout, process.stderr]) {
	ignoreHangupErrors(stream);
}

const exitCodeHelp = `
  Exit codes
    0  done            1  runtime failure (a worker died or never finished, a workload could not start)
    2  usage error     3  a threshold failed (or --abort-on-error-rate fired)
    4  compare found a regression beyond --max-regression      130  interrupted twice
`;

function topHelp(): string {
	const width = Math.max(...commandNames.map(name => name.length)) + 2;
	const list = commandNames.map(name => `    ${name.padEnd(width)}${commands[name]!.summary}`).join('\n');
	return `
  loadscope — an oscilloscope for load: live, open-model load with true latency

  Usage
    $ loadscope                 TUI on the built-in demo (no servers needed)
    $ loadscope <command> [options]
    $ loadscope <command> --help

  Commands
${list}
${commonHelp}${exitCodeHelp}`;
}

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/** meow ignores unknown flags silently or prints two lines; we want one clear line. */
function checkUnknownFlags(args: readonly string[], flags: AnyFlags, commandName: string): void {
	const long = new Set(['help', 'version']);
	const short = new Set(['h', 'v']);
	// Flags that take a value, by every spelling: `-d` with nothing after it must not silently mean "default".
	const valued = new Map<string, string>();
	for (const [name, spec] of Object.entries(flags)) {
		const {aliases = [], shortFlag, type} = spec as {aliases?: string[]; shortFlag?: string; type?: string};
		const takesValue = type === 'string' || type === 'number';
		for (const spelling of [name, ...aliases]) {
			long.add(kebab(spelling));
			if (takesValue) {
				valued.set(`--${kebab(spelling)}`, `--${kebab(name)}`);
			}
		}

		if (shortFlag) {
			short.add(shortFlag);
			if (takesValue) {
				valued.set(`-${shortFlag}`, `-${shortFlag}/--${kebab(name)}`);
			}
		}
	}

	for (const [index, arg] of args.entries()) {
		if (arg === '--') {
			break;
		}

		const needsValue = valued.get(arg);
		const next = args[index + 1];
		if (needsValue && (next === undefined || next.startsWith('-'))) {
			throw new UsageError(
				next !== undefined && /^-\d/.test(next)
					? `${needsValue} must not be negative, got '${next}'`
					: `${needsValue} needs a value, e.g. ${needsValue.split('/').pop()!} <value>; see loadscope ${commandName === 'demo' ? '' : `${commandName} `}--help`,
			);
		}

		if (/^-\d/.test(arg)) {
			throw new UsageError(`'${arg}' looks like a negative value; values must not be negative`);
		}

		if (arg.startsWith('--')) {
			const name = arg.slice(2).split('=')[0]!;
			if (!long.has(name) && !(name.startsWith('no-') && long.has(name.slice(3)))) {
				throw new UsageError(`unknown flag --${name} for '${commandName}'; see loadscope ${commandName === 'demo' ? '' : `${commandName} `}--help`);
			}
		} else if (/^-[a-zA-Z]/.test(arg) && !short.has(arg[1]!)) {
			throw new UsageError(`unknown flag ${arg.slice(0, 2)} for '${commandName}'; see loadscope ${commandName === 'demo' ? '' : `${commandName} `}--help`);
		}
	}
}

async function main(cliArgv: readonly string[]): Promise<number> {
	const {argv, profile} = resolveProfile(cliArgv);
	if (profile && !(profile.workload in commands)) {
		throw new UsageError(`${profile.file}:${profile.lineOf(['workload'])}: workload: unknown command '${profile.workload}'; commands: ${commandNames.join(', ')}`);
	}

	let name = 'demo';
	let args = argv;
	const first = argv[0];
	if (first !== undefined && !first.startsWith('-')) {
		if (!(first in commands)) {
			throw new UsageError(`unknown command '${first}'; commands: ${commandNames.join(', ')}`);
		}

		name = first;
		args = argv.slice(1);
	}

	const {command}: {command: CommandSpec} = await commands[name]!.load();
	const flags: AnyFlags = command.kind === 'workload' ? {...commonFlags, ...command.flags} : command.flags;
	const help = name === 'demo' ? topHelp() : command.kind === 'workload' ? `${command.help}${commonHelp}${exitCodeHelp}` : command.help;
	checkUnknownFlags(args, flags, name);
	const cli = meow(help, {
		importMeta: import.meta,
		argv: [...args],
		flags,
		allowUnknownFlags: true,
		description: false,
	});
	const parsed = cli.flags as Flags;
	if (profile && command.kind === 'workload') {
		checkProfileFlags(profile, command.flags, commonFlags);
		mergeProfileFlags(parsed, profile);
	}

	if (command.kind === 'action') {
		return command.run(parsed, cli.input);
	}

	const build = await command.build(parsed, cli.input);
	const interactive = Boolean(process.stdout.isTTY) && !process.env.CI;
	const {plan, output: built} = buildPlans(name, build, parsed, {
		interactive,
		profileShape: profile?.load,
		profileFile: profile?.file,
		profileThresholds: profile?.thresholds ?? [],
		profileAbortOnFail: profile?.abortOnFail,
	});
	if (parsed.dryRun === true) {
		process.stdout.write(`${JSON.stringify(redactSecrets({plan, output: built}), undefined, 2)}\n`);
		return exitCodes.ok;
	}

	// What --save-session writes back as the profile's workload, arguments and options.
	const ownFlags = Object.fromEntries(Object.keys(command.flags).map(key => [key, parsed[key]]));
	return executeRun(plan, {...built, invocation: {workload: name, args: [...cli.input], options: ownFlags}});
}

function fail(error: unknown): number {
	if (error instanceof UsageError || error instanceof RuntimeFailure) {
		process.stderr.write(`loadscope: ${error.message}\n`);
		return error.exitCode;
	}

	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`loadscope: ${message}\n`);
	if (process.env.LOADSCOPE_DEBUG && error instanceof Error && error.stack) {
		process.stderr.write(`${error.stack}\n`);
	}

	return exitCodes.runtime;
}

let code: number;
try {
	code = await main(process.argv.slice(2));
} catch (error) {
	code = fail(error);
}

// Clients in the main thread (metrics server, TUI) must not keep a finished run alive.
if (terminalGone()) {
	exitProcess(code);
} else {
	process.stdout.write('', () => {
		exitProcess(code);
	});
}
