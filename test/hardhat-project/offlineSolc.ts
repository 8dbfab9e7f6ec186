/**
 * Compiles with the `solc` npm package (solcjs) already installed at the repository root instead of
 * letting Hardhat download a compiler: this project's tests must run offline from a clean clone.
 * A project of your own does not need this file; Hardhat downloads the compiler it needs.
 */
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { version(): string };

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  const longVersion = solc.version(); // e.g. 0.8.30+commit.73712a01.Emscripten.clang
  const version = longVersion.split("+")[0];
  if (args.solcVersion !== version) return runSuper(args); // only the installed version is offline
  return { version, longVersion, compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true };
});
