/** Types of deploy/healthcheck.mjs (plain JS: the runtime image runs it without tsx) for the tests that import it. */

/** The value of --port in a command line (`--port N` or `--port=N`), else the router's default port 3000. */
export declare function portOfCommandLine(argv: readonly string[]): number;
/** Whether `url` answers now: /health with 200 for http(s), an open connection for tcp://host:port. */
export declare function answers(url: string): Promise<boolean>;
