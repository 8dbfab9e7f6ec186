/**
 * Compiles the system and example contracts with the pinned `solc` package and writes the
 * committed artifacts: `contracts/artifacts/<Name>.json` and the typed module
 * `contracts/artifacts/index.ts`. Settings are fixed so the output is reproducible byte for byte;
 * `--check` recompiles in memory and fails if any committed artifact differs.
 *
 *   npm run compile:contracts            # write artifacts
 *   npm run compile:contracts -- --check # verify committed artifacts
 */
import { readFileSync, readdirSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { keccak256, toHex } from 'viem';

const require = createRequire(import.meta.url);
const solc = require('solc') as { compile(input: string): string; version(): string };

/** Directory holding the Solidity sources (this file's directory). */
export const CONTRACTS_DIR = dirname(fileURLToPath(import.meta.url));
/** Directory of the committed artifacts. */
export const ARTIFACTS_DIR = join(CONTRACTS_DIR, 'artifacts');

/** Compiler version the artifacts are built with; another version would change the bytecode. */
export const SOLC_VERSION = '0.8.30+commit.73712a01.Emscripten.clang';

/** Fixed compiler settings: every byte of the artifacts depends on them. */
export const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  // The hardfork the engine runs (src/chain/engine.ts); the bytecode only needs cancun opcodes.
  evmVersion: 'prague',
  // No metadata hash in the bytecode: comments and paths then never change the bytecode.
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'metadata', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

/** The deployable contracts that get an artifact, in the order of the generated module. */
export const ARTIFACT_CONTRACTS = [
  { name: 'L1Messenger', source: 'L1Messenger.sol' },
  { name: 'MessageRoot', source: 'MessageRoot.sol' },
  { name: 'L2InteropRootStorage', source: 'L2InteropRootStorage.sol' },
  { name: 'L2MessageVerification', source: 'L2MessageVerification.sol' },
  { name: 'ChainSettlement', source: 'ChainSettlement.sol' },
  { name: 'NonceHolder', source: 'NonceHolder.sol' },
  { name: 'ContractDeployer', source: 'ContractDeployer.sol' },
  { name: 'L2BaseToken', source: 'L2BaseToken.sol' },
  { name: 'L2AssetRouter', source: 'L2AssetRouter.sol' },
  { name: 'L2NativeTokenVault', source: 'L2NativeTokenVault.sol' },
  { name: 'Multicall3', source: 'Multicall3.sol' },
  { name: 'Bridgehub', source: 'Bridgehub.sol' },
  { name: 'ChainTypeManager', source: 'L1Bridges.sol' },
  { name: 'L1AssetRouter', source: 'L1Bridges.sol' },
  { name: 'L1Nullifier', source: 'L1Bridges.sol' },
  { name: 'L1NativeTokenVault', source: 'L1Bridges.sol' },
  { name: 'InteropCenter', source: 'interop/InteropCenter.sol' },
  { name: 'InteropHandler', source: 'interop/InteropHandler.sol' },
  { name: 'L2BaseTokenHolder', source: 'interop/L2BaseTokenHolder.sol' },
  { name: 'InteropSendMessage', source: 'examples/InteropSendMessage.sol' },
  { name: 'InteropVerification', source: 'examples/InteropVerification.sol' },
  // issue 14, token path (asset router and native token vault above): the bridged token the vault deploys, and a test token
  { name: 'BridgedStandardERC20', source: 'BridgedStandardERC20.sol' },
  { name: 'TestToken', source: 'examples/TestToken.sol' },
  { name: 'BundleReceiver', source: 'examples/BundleReceiver.sol' },
  { name: 'IndirectCallSender', source: 'examples/IndirectCallSender.sol' },
  { name: 'BadgeIssuer', source: 'examples/BadgeIssuer.sol' },
] as const;

/** One committed artifact file. */
export type Artifact = {
  contractName: string;
  abi: unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
  /** keccak256 of solc's metadata for the contract: compiler, settings and the keccak of every source it uses */
  sourceHash: `0x${string}`;
};

type SolcOutput = {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; metadata: string; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
};

/** Every `.sol` file under the contracts directory, as solc source units keyed by relative path. */
function readSources(): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'artifacts' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.sol')) {
        sources[relative(CONTRACTS_DIR, path).split(sep).join('/')] = { content: readFileSync(path, 'utf8') };
      }
    }
  };
  walk(CONTRACTS_DIR);
  return sources;
}

/** Compiles all sources and returns the artifact files (path → content) they produce. Throws on any compiler error. */
export function buildArtifactFiles(): Map<string, string> {
  if (solc.version() !== SOLC_VERSION) {
    throw new Error(`solc ${solc.version()} is installed but the artifacts are pinned to ${SOLC_VERSION}; install solc@0.8.30`);
  }
  const input = { language: 'Solidity', sources: readSources(), settings: COMPILER_SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const problems = (output.errors ?? []).filter((e) => e.severity !== 'info');
  const errors = problems.filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  // Warnings are not fatal, but they are shown: a silent warning is how bugs hide.
  for (const warning of problems) console.warn(warning.formattedMessage);

  const files = new Map<string, string>();
  const artifacts: Artifact[] = [];
  for (const { name, source } of ARTIFACT_CONTRACTS) {
    const compiled = output.contracts?.[source]?.[name];
    if (!compiled) throw new Error(`solc produced no contract ${name} in ${source}`);
    const artifact: Artifact = {
      contractName: name,
      abi: compiled.abi,
      bytecode: `0x${compiled.evm.bytecode.object}`,
      deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
      sourceHash: keccak256(toHex(compiled.metadata)),
    };
    artifacts.push(artifact);
    files.set(join(ARTIFACTS_DIR, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
  }
  files.set(join(ARTIFACTS_DIR, 'index.ts'), renderModule(artifacts));
  return files;
}

function lowerFirst(name: string): string {
  // L1Messenger → l1Messenger, L2MessageVerification → l2MessageVerification
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The generated TypeScript module: ABIs `as const` (so viem infers types) and bytecodes. */
function renderModule(artifacts: Artifact[]): string {
  const lines = [
    '/**',
    ' * GENERATED by contracts/compile.ts — do not edit; run `npm run compile:contracts`.',
    ` * ABIs (as const, for viem's type inference) and bytecodes of the contracts, solc ${SOLC_VERSION}.`,
    ' */',
    '',
  ];
  for (const artifact of artifacts) {
    const id = lowerFirst(artifact.contractName);
    lines.push(
      `/** ABI of ${artifact.contractName}. */`,
      `export const ${id}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const;`,
      '',
      `/** Creation bytecode of ${artifact.contractName}. */`,
      `export const ${id}Bytecode: \`0x\${string}\` = '${artifact.bytecode}';`,
      '',
      `/** Runtime bytecode of ${artifact.contractName} (what genesis places with setCode). */`,
      `export const ${id}DeployedBytecode: \`0x\${string}\` = '${artifact.deployedBytecode}';`,
      '',
    );
  }
  return lines.join('\n');
}

/** Paths whose committed content differs from a fresh build (missing files included). */
export function staleArtifacts(files: Map<string, string>): string[] {
  return [...files].filter(([path, content]) => !existsSync(path) || readFileSync(path, 'utf8') !== content).map(([path]) => path);
}

function main(): void {
  const check = process.argv.includes('--check');
  const files = buildArtifactFiles();
  if (check) {
    const stale = staleArtifacts(files);
    if (stale.length > 0) {
      console.error(`artifacts are out of date (run npm run compile:contracts):\n${stale.map((p) => `  ${relative(process.cwd(), p)}`).join('\n')}`);
      process.exit(1);
    }
    console.log(`artifacts up to date (${files.size} files)`);
    return;
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const [path, content] of files) writeFileSync(path, content);
  console.log(`wrote ${files.size} files to ${relative(process.cwd(), ARTIFACTS_DIR)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
