/** Bad input for the engine and the common flags. */
import type {BadInputRow} from '../bad-input.test.js';

export const rows: readonly BadInputRow[] = [
	{what: 'unknown command', args: ['bogus'], error: /unknown command 'bogus'; commands: /},
	{what: 'unknown flag', args: ['synthetic', '--rat', '5'], error: /unknown flag --rat for 'synthetic'/},
	{what: 'unknown short flag', args: ['synthetic', '-Z'], error: /unknown flag -Z for 'synthetic'/},
	{what: 'negative rate', args: ['synthetic', '-r', '-5'], error: /--rate: '-5' is not a rate/},
	{what: 'zero rate', args: ['synthetic', '-r', '0', '-d', '1s'], error: /--rate/},
	{what: 'rate that is not a number', args: ['synthetic', '-r', 'fast'], error: /--rate: 'fast' is not a rate/},
	{what: 'duration without a unit it knows', args: ['synthetic', '-d', '10 parsecs'], error: /--duration: '10 parsecs' is not a duration/},
	{what: 'zero duration', args: ['synthetic', '-d', '0s'], error: /--duration must be more than 0/},
	{what: 'zero workers', args: ['synthetic', '--workers', '0'], error: /--workers/},
	{what: 'unknown arrival process', args: ['synthetic', '--arrival', 'gaussian'], error: /--arrival must be 'uniform' or 'poisson'/},
	{what: 'interval too short', args: ['synthetic', '--interval', '1ms'], error: /--interval must be between 50ms and 60s/},
	{what: 'error rate over 100%', args: ['synthetic', '--error-rate', '140'], error: /--error-rate must be a percentage between 0 and 100/},
	{what: 'unknown latency distribution', args: ['synthetic', '--latency-dist', 'weibull'], error: /weibull/},
	{what: 'stall without its length', args: ['synthetic', '--stall-every', '5s'], error: /--stall-every and --stall-for go together/},
];
