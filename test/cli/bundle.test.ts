/**
 * The prebuilt CLI: scripts/buildCli.mjs bundles src/cli/main.ts into dist/cli.mjs, and
 * bin/zkinterop.js runs that bundle only while it matches the sources (rebuilding it first after an
 * edit, running the sources through tsx if it cannot), with V8's code cache once one is written. Each test works in its own copy of the
 * package (sources copied, node_modules linked) so edits and broken builds never touch the real tree.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Printed by a bundle the test marked, so a run shows whether the bundle is what ran. */
const MARKER = 'zkinterop-test: the marked bundle ran';

const copies: string[] = [];
/** One copy built once; each test gets its own clone of it (mtimes kept, so its bundle stays fresh). */
let template: string | undefined;

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder with the package's sources and node_modules linked. */
function copyOf(from: string, entries: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-bundle-'));
  copies.push(dir);
  for (const entry of entries) cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const SOURCES = ['bin', 'scripts', 'src', 'contracts', 'package.json', 'tsconfig.json'];

/** A copy of the package with its bundle built, in a temporary folder of its own. */
async function builtCopy(): Promise<string> {
  if (!template) {
    const dir = copyOf(ROOT, SOURCES);
    const build = await run(dir, ['scripts/buildCli.mjs']);
    expect(build.code, build.stderr).toBe(0);
    template = dir;
  }
  return copyOf(template, [...SOURCES, 'dist']);
}

type Run = { code: number | null; stdout: string; stderr: string };

/** The environment of this process, without a ZKINTEROP_NO_BUNDLE a developer may have set. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('ZKINTEROP_NO_BUNDLE' in extra)) delete env.ZKINTEROP_NO_BUNDLE;
  return env;
}

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: childEnv(env), timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Makes the copy's bundle print MARKER when it loads (it stays "fresh": only sources are stamped). */
function markBundle(dir: string): void {
  const bundle = path.join(dir, 'dist', 'cli.mjs');
  writeFileSync(bundle, `console.error(${JSON.stringify(MARKER)});\n${readFileSync(bundle, 'utf8')}`);
}

/** Changes the version the copy's CLI prints (an edit to src/). */
function editVersion(dir: string, version: string): void {
  const main = path.join(dir, 'src', 'cli', 'program.ts');
  const source = readFileSync(main, 'utf8');
  expect(source).toContain(".version('0.1.0')");
  writeFileSync(main, source.replace(".version('0.1.0')", `.version('${version}')`));
}

/** Starts `up --json` in `dir`, checks every printed endpoint answers eth_chainId, stops it. */
async function upAnswers(dir: string, config: string): Promise<{ chainIds: number[]; stderr: string; exitCode: number | null }> {
  const child = spawn(process.execPath, ['bin/zkinterop.js', 'up', '--json', '--config', config], { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.stdout!.on('end', () => reject(new Error(`up printed no line; stderr: ${stderr}`)));
    });
    const description = JSON.parse(line) as { gateway: { rpcUrl: string }; chains: { rpcUrl: string }[] };
    const chainIds = await Promise.all(
      [description.gateway.rpcUrl, ...description.chains.map((c) => c.rpcUrl)].map(async (url) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }) });
        return Number(((await response.json()) as { result: string }).result);
      }),
    );
    child.kill('SIGTERM');
    return { chainIds, stderr, exitCode: await exited };
  } finally {
    child.kill('SIGKILL');
  }
}

function writeConfig(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('scripts/buildCli.mjs', () => {
  it('writes dist/cli.mjs, a CLI that runs on plain node without tsx', async () => {
    const dir = await builtCopy();
    const result = await run(dir, ['dist/cli.mjs', '--version']);
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('stamps the bundle with the sources, artifacts and build inputs it was built from', async () => {
    const dir = await builtCopy();
    const stamp = JSON.parse(readFileSync(path.join(dir, 'dist', 'cli.stamp.json'), 'utf8')) as { files: { file: string }[] };
    expect(stamp.files.map((f) => f.file)).toEqual(
      expect.arrayContaining(['src/cli/main.ts', 'src/network/network.ts', 'contracts/artifacts/index.ts', 'scripts/buildCli.mjs', 'package.json', 'node_modules/.package-lock.json']),
    );
  });
});

describe('bin/zkinterop.js', () => {
  it('runs the prebuilt bundle while its sources are unchanged', async () => {
    const dir = await builtCopy();
    markBundle(dir);
    const result = await run(dir, ['bin/zkinterop.js', '--version']);
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(result.stderr).toContain(MARKER);
  });

  it('runs an edited source, not the stale bundle: it rebuilds the bundle first', async () => {
    const dir = await builtCopy();
    markBundle(dir);
    editVersion(dir, '0.1.0-edited');
    const result = await run(dir, ['bin/zkinterop.js', '--version']);
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0-edited\n' });
    expect(result.stderr).not.toContain(MARKER);
    expect(readFileSync(path.join(dir, 'dist', 'cli.mjs'), 'utf8')).toContain('0.1.0-edited');
  });

  it('runs the sources through tsx when the stale bundle cannot be rebuilt', async () => {
    const dir = await builtCopy();
    editVersion(dir, '0.1.0-unbuildable');
    // A file where the build folder should be: the rebuild fails, the old bundle must not run.
    rmSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'dist'), 'not a folder');
    const result = await run(dir, ['bin/zkinterop.js', '--version']);
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0-unbuildable\n' });
  });

  it('runs the sources through tsx when ZKINTEROP_NO_BUNDLE=1, even with a fresh bundle', async () => {
    const dir = await builtCopy();
    markBundle(dir);
    const result = await run(dir, ['bin/zkinterop.js', '--version'], { ZKINTEROP_NO_BUNDLE: '1' });
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(result.stderr).not.toContain(MARKER);
  });

  it('starts Gateway and two chains from the bundle, each endpoint answering eth_chainId, and stops on SIGTERM', async () => {
    const dir = await builtCopy();
    markBundle(dir);
    const config = writeConfig(dir, 'network.json', JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }], routerPort: 0 }));
    const up = await upAnswers(dir, config);
    expect(up.stderr).toContain(MARKER);
    expect(up.chainIds).toEqual([506, 271, 272]);
    expect(up.exitCode).toBe(0);
  });

  it('reads a TypeScript --config from the bundle (tsx is loaded for it)', async () => {
    const dir = await builtCopy();
    markBundle(dir);
    mkdirSync(path.join(dir, 'configs'));
    const config = writeConfig(dir, 'configs/network.ts', 'const port: number = 0;\nexport default { gateway: { chainId: 506, port }, chains: [{ chainId: 281, port }, { chainId: 282, port }], routerPort: port };\n');
    const up = await upAnswers(dir, config);
    expect(up.stderr).toContain(MARKER);
    expect(up.chainIds).toEqual([506, 281, 282]);
  });
});

describe('the code cache of the bundle (scripts/runBundle.mjs)', () => {
  /** The cache file's first line: which bundle and Node it was made for, a tab, and who made it. */
  const cacheHeader = (dir: string) => {
    const [made, madeBy] = readFileSync(path.join(dir, 'dist', 'cli.mjs.cache')).toString('utf8').split('\n')[0]!.split('\t');
    return { made: JSON.parse(made!) as Record<string, unknown>, madeBy };
  };

  it('is written by the build for the bundle it built', async () => {
    const dir = await builtCopy();
    expect(cacheHeader(dir)).toMatchObject({ made: { size: statSync(path.join(dir, 'dist', 'cli.mjs')).size, node: process.version }, madeBy: 'build' });
  });

  it('is written again once `up` is ready, by the bundle compiled as a function (a TypeScript --config still loads through tsx)', async () => {
    const dir = await builtCopy();
    rmSync(path.join(dir, 'dist', 'cli.mjs.cache'));
    const config = writeConfig(dir, 'network.ts', 'const port: number = 0;\nexport default { gateway: { chainId: 506, port }, chains: [{ chainId: 291 }].map((c) => ({ ...c, port })), routerPort: port };\n');
    const up = await upAnswers(dir, config);
    expect(up.chainIds).toEqual([506, 291]);
    expect(cacheHeader(dir)).toMatchObject({ made: { size: statSync(path.join(dir, 'dist', 'cli.mjs')).size, node: process.version }, madeBy: 'run' });
  });

  it('runs the CLI from the cache it wrote', async () => {
    const dir = await builtCopy();
    const config = writeConfig(dir, 'network.json', JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }], routerPort: 0 }));
    await upAnswers(dir, config);
    expect(cacheHeader(dir).madeBy).toBe('run');
    const written = readFileSync(path.join(dir, 'dist', 'cli.mjs.cache'));
    expect((await run(dir, ['bin/zkinterop.js', '--version'])).stdout).toBe('0.1.0\n');
    expect((await upAnswers(dir, config)).chainIds).toEqual([506, 271]);
    // Accepted, so not written again.
    expect(readFileSync(path.join(dir, 'dist', 'cli.mjs.cache')).equals(written)).toBe(true);
  });

  it('ignores a cache made for another bundle, and a damaged one', async () => {
    const dir = await builtCopy();
    const cache = path.join(dir, 'dist', 'cli.mjs.cache');
    writeFileSync(cache, `${JSON.stringify({ wrapper: 1, size: 1, mtimeMs: 1, node: process.version, arch: process.arch })}\nnot bytecode`);
    expect(await run(dir, ['bin/zkinterop.js', '--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    writeFileSync(cache, 'no header, no bytecode');
    expect(await run(dir, ['bin/zkinterop.js', '--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});
