/** Bad input for the engine and the common flags. */
import type {BadInputRow} from '../bad-input.test.js';

export const rows: readonly BadInputRow[] = [
	{what: 'unknown command', args: ['bogus'], error: /unknown command 'bogus'; commands: /},
	{what: 'unknown flag', args: ['synthetic', '--rat', '5'], error: /unknown flag --rat for 'synthetic'/},
	{what: 'unknown short flag', args: ['synthetic', '-Z'], error: /unknown flag -Z for 'synthetic'/},
	{what: 'negative rate', args: ['synthetic', '-r', '-5'], error: /-r\/--rate must not be negative, got '-5'/},
	{what: 'negative rate with =', args: ['synthetic', '--rate=-5'], error: /--rate: '-5' is not a rate/},
	{what: 'negative duration', args: ['synthetic', '-d', '-5s'], error: /-d\/--duration must not be negative, got '-5s'/},
	{what: 'flag without its value', args: ['synthetic', '-r', '10', '-d'], error: /-d\/--duration needs a value/},
	{what: 'absurd duration', args: ['synthetic', '-d', '99999999h'], error: /--duration '99999999h' is longer than 31 days/},
	{what: 'absurd --max-duration', args: ['synthetic', '--max-duration', '9000h'], error: /--max-duration '9000h' is longer than 31 days/},
	{what: 'absurd worker count', args: ['synthetic', '-d', '1s', '--workers', '1000'], error: /--workers 1000 is more than 64/},
	{what: 'report into a missing directory', args: ['synthetic', '-d', '1s', '--json', '/nonexistent-dir/x.json'], error: /--json '\/nonexistent-dir\/x\.json': cannot write to \/nonexistent-dir/},
	{what: 'HDR log into a missing directory', args: ['synthetic', '-d', '1s', '--hdr-log', '/nonexistent-dir/x.hlog'], error: /--hdr-log '\/nonexistent-dir\/x\.hlog': cannot write/},
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
