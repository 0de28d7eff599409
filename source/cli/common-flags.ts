/**
 * Flags shared by every workload command. No meow defaults here: a profile file may set any of
 * them, and the command line overrides the file, so defaults are applied when the plan is built.
 */
import type {AnyFlags} from 'meow';

export const commonFlags = {
	rate: {type: 'string', shortFlag: 'r'},
	duration: {type: 'string', shortFlag: 'd'},
	total: {type: 'string', shortFlag: 'n'},
	workers: {type: 'string'},
	maxInFlight: {type: 'string', aliases: ['concurrency'], shortFlag: 'c'},
	maxBacklog: {type: 'string'},
	arrival: {type: 'string'},
	interval: {type: 'string'},
	drainTimeout: {type: 'string'},
	timeout: {type: 'string'},
	maxDuration: {type: 'string'},
	abortOnErrorRate: {type: 'string'},
	abortGrace: {type: 'string'},
	// meow gives boolean flags a false default; the TUI is on unless --no-tui (and stdout is a TTY, CI unset).
	tui: {type: 'boolean', default: true},
	json: {type: 'string'},
	csv: {type: 'string'},
	hdrLog: {type: 'string'},
	metricsPort: {type: 'string'},
	reportInterval: {type: 'string'},
	threshold: {type: 'string', isMultiple: true},
	abortOnFail: {type: 'boolean'},
	profile: {type: 'string'},
	saveSession: {type: 'string'},
	rateStep: {type: 'string'},
	spikeMultiplier: {type: 'string'},
	spikeDuration: {type: 'string'},
	dryRun: {type: 'boolean'},
} satisfies AnyFlags;

export const commonHelp = `
  Load (open model: requests start on schedule whether or not earlier ones finished)
    -r, --rate N            Target rate in requests/s (default 100); 'max' = closed model at --max-in-flight
    -d, --duration D        How long to run: 30s, 2m, 1h (default: until stopped in the TUI, 10s headless)
    -n, --total N           Stop after N requests
        --arrival A         uniform (default) or poisson inter-arrival times
        --profile FILE      Load shape, workload options and thresholds from a YAML profile (flags override it)

  Engine
        --workers N         Worker threads (default: CPU count)
    -c, --max-in-flight N   Concurrency cap for the run; arrivals beyond it queue keeping their intended
                            start time (default 10000; 50 with --rate max)
        --timeout D         Per-call timeout (default none)
        --drain-timeout D   On stop, how long in-flight calls may finish (default 10s)
        --interval D        Snapshot interval (default 250ms)
        --max-duration D    Hard stop, drain included, even in the TUI (calls in flight then are cancelled)
        --abort-on-error-rate PCT   Stop when the error rate over 5 s exceeds PCT (after --abort-grace, default 5s)

  Output
        --no-tui            Plain progress lines and a summary (automatic when stdout is not a TTY or CI is set)
        --report-interval D Progress line period in headless mode (default 5s)
        --json FILE         Full report (schema in docs/json-report.md)
        --csv FILE          Time series, one row per interval per operation
        --hdr-log FILE      HdrHistogram interval log, one tag per operation
        --metrics-port N    Live Prometheus /metrics endpoint during the run
        --threshold EXPR    SLO, repeatable: 'p99<50ms', 'register.p95<10ms', 'errors<0.1%', 'achieved>98%'
        --abort-on-fail     Stop as soon as a threshold fails
        --save-session FILE Write the run, with every key press, as a replayable profile
        --dry-run           Check every flag and the profile, print the resulting plan as JSON
                            (credentials redacted) and exit 0 without sending any load

  TUI keys
        --rate-step N       ←/→ step in requests/s (default 10% of the starting rate)
        --spike-multiplier X  's' spike size (default 5)
        --spike-duration D    's' spike length (default 5s)
`;
