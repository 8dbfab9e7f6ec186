/**
 * The deployment files (deploy/docker-compose.yml, deploy/k8s/*.yaml, Dockerfile) read as data for the
 * tests, and the CLI's real option definitions (src/cli/program.ts) to parse the command lines they run,
 * without running the commands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse, parseAllDocuments } from 'yaml';
import { createProgram } from '../../src/cli/program.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type ComposeService = {
  image?: string;
  entrypoint?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
};

/** deploy/docker-compose.yml, with its `<<:` merge keys applied. */
export function composeFile(): { services: Record<string, ComposeService>; volumes: Record<string, unknown> } {
  return parse(readFileSync(path.join(ROOT, 'deploy', 'docker-compose.yml'), 'utf8'), { merge: true });
}

/** One Kubernetes object, as far as the tests read it. */
export type K8sObject = { kind: string; metadata: { name: string }; spec?: any; stringData?: Record<string, string>; data?: Record<string, string>; resources?: string[] };

/** Every object of every file under deploy/k8s, with the file it came from. */
export function k8sObjects(): { file: string; object: K8sObject }[] {
  const dir = path.join(ROOT, 'deploy', 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
        return { file, object: doc.toJS() as K8sObject };
      }),
    );
}

/** What a command line asks for: the command's path (`['node']`, `['layout', 'init']`) and its parsed options. */
export type ParsedCli = { command: string[]; opts: Record<string, unknown> };

/**
 * Parses `zkinterop <argv>` with the CLI's own option definitions, running nothing: every command's
 * action is replaced by one that records what it was given.
 * @throws CommanderError for an unknown command or option, a missing required option or a value a
 *   parser refuses (what the CLI would exit 2 with)
 */
export async function parseCli(argv: readonly string[]): Promise<ParsedCli> {
  const program = createProgram();
  let parsed: ParsedCli | undefined;
  const capture = (command: Command) => {
    command.action((...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      const names: string[] = [];
      for (let c: Command | null = self; c && c !== program; c = c.parent) names.unshift(c.name());
      parsed = { command: names, opts: self.opts() };
    });
    for (const sub of command.commands) {
      sub.exitOverride();
      sub.configureOutput({ writeErr: () => {}, writeOut: () => {} });
      capture(sub);
    }
  };
  for (const command of program.commands) {
    command.exitOverride();
    command.configureOutput({ writeErr: () => {}, writeOut: () => {} });
    capture(command);
  }
  await program.parseAsync(['node', 'zkinterop', ...argv]);
  if (parsed === undefined) throw new Error(`zkinterop ${argv.join(' ')} ran no command`);
  return parsed;
}

/** The instructions of the Dockerfile's stages: `FROM`'s name, then its lines (continuations joined). */
export function dockerfileStages(): { name: string; from: string; lines: string[] }[] {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages: { name: string; from: string; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[2] ?? `stage${stages.length}`, from: from[1]!, lines: [] });
    else stages[stages.length - 1]!.lines.push(line);
  }
  return stages;
}

/** The (first) value of `flag` in a command line (`--flag v`). */
export function flagOf(argv: readonly string[], flag: string): string | undefined {
  return flagsOf(argv, flag)[0];
}

/** Every value of a flag that may repeat (`--node a --node b`). */
export function flagsOf(argv: readonly string[], flag: string): string[] {
  const values: string[] = [];
  argv.forEach((a, i) => {
    if (a === flag && argv[i + 1] !== undefined) values.push(argv[i + 1]!);
  });
  return values;
}

/** The `layout init` arguments inside the compose's init service's shell line. */
export function layoutInitArgs(service: ComposeService): string[] {
  const line = service.command?.[0] ?? '';
  const match = /node bin\/zkinterop\.js (layout init [^;&|]*)$/.exec(line);
  if (!match) throw new Error(`the layout-init service runs no \`node bin/zkinterop.js layout init …\`: ${line}`);
  return match[1]!.trim().split(/\s+/);
}
