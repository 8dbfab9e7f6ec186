// @ts-check
/**
 * esbuild plugin for the CLI bundle (scripts/buildCli.mjs): our sources' `import { a, b } from 'viem'`
 * (and from 'viem/actions', 'viem/accounts', 'viem/zksync') become imports from the files of viem
 * that define `a` and `b`. Why: in a single-file bundle, every module reachable from a dynamic
 * `import()` is wrapped to run on first use, and a wrapped barrel file runs every module it
 * re-exports, used or not: viem's index alone ran its whole client and action tree at every start
 * (parsing ABIs at load: ~40 ms of a CLI start). The same functions run; only the unused ones
 * no longer load.
 *
 * The map comes from the barrel's own `export { … } from './file.js'` lines; a name not found there
 * (or re-exported from another package) keeps importing from the barrel, as before.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The barrels rewritten, by import specifier: their ES module index under viem/_esm. */
const BARRELS = { viem: 'index.js', 'viem/actions': 'actions/index.js', 'viem/accounts': 'accounts/index.js', 'viem/zksync': 'zksync/index.js' };

/**
 * @param {string} root the repository root (node_modules/viem is found there)
 * @returns {import('esbuild').Plugin}
 */
export function viemImports(root) {
  /** @type {Map<string, Map<string, { file: string, name: string }>>} */
  const maps = new Map();
  const mapOf = (/** @type {string} */ specifier) => {
    let map = maps.get(specifier);
    if (!map) {
      map = barrelExports(path.join(root, 'node_modules', 'viem', '_esm', BARRELS[/** @type {keyof typeof BARRELS} */ (specifier)]));
      maps.set(specifier, map);
    }
    return map;
  };
  const statement = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'(viem(?:\/actions|\/accounts|\/zksync)?)';/g;
  return {
    name: 'viem-imports',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes("from 'viem")) return undefined;
        const contents = source.replace(statement, (whole, typeOnly, list, specifier) => {
          if (typeOnly) return whole;
          const map = mapOf(specifier);
          const kept = [];
          const moved = [];
          for (const raw of list.split(',')) {
            const spec = raw.trim();
            if (spec === '') continue;
            if (spec.startsWith('type ')) {
              kept.push(spec);
              continue;
            }
            const [imported, local = imported] = spec.split(/\s+as\s+/);
            const target = map.get(imported);
            if (target) moved.push(`import { ${target.name} as ${local} } from ${JSON.stringify(target.file)};`);
            else kept.push(spec);
          }
          // One line, like the statement it replaces is usually: keeps most line numbers of the source.
          const keptImport = kept.length === 0 ? [] : kept.every((k) => k.startsWith('type ')) ? [`import type { ${kept.map((k) => k.slice(5)).join(', ')} } from '${specifier}';`] : [`import { ${kept.join(', ')} } from '${specifier}';`];
          if (process.env.ZKINTEROP_BUILD_DEBUG) for (const k of kept) if (!k.startsWith('type ')) console.error(`viem-imports: ${args.path}: ${k} stays on ${specifier}`);
          return [...keptImport, ...moved].join(' ');
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * What a barrel file re-exports from its own files: exported name → { absolute file, name there }.
 * @param {string} barrel
 */
function barrelExports(barrel) {
  const text = readFileSync(barrel, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  /** @type {Map<string, { file: string, name: string }>} */
  const map = new Map();
  for (const [, list, from] of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    if (!from.startsWith('.')) continue;
    const file = path.resolve(path.dirname(barrel), from);
    for (const raw of list.split(',')) {
      const spec = raw.trim();
      if (spec === '' || spec.startsWith('type ')) continue;
      const [name, exported = name] = spec.split(/\s+as\s+/);
      map.set(exported, { file, name });
    }
  }
  return map;
}
