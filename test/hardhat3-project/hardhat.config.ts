import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";

// This repository compiles offline with the solc npm package at its root; a project of your own can
// drop `path` and let Hardhat download the compiler.
const soljson = createRequire(import.meta.url).resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: { version: "0.8.30", path: soljson },
  networks: {
    // chain A of `npm start`; no `accounts`: the node's funded dev accounts (eth_accounts)
    zkinterop: { type: "http", chainType: "l1", url: process.env.ZKINTEROP_CHAIN_A ?? "http://127.0.0.1:3050", chainId: 271 },
  },
});
