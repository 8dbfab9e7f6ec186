// This repository compiles offline with the solc npm package; your project can leave this line out.
import "./offlineSolc";
// -- the README's "Hardhat" config starts here --
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

// No `accounts`: Hardhat then uses the node's own (eth_accounts: 20 funded dev accounts, the ZKsync rich
// wallets and the test-mnemonic ones), signed by the node, so impersonateAccount works as on Hardhat Network.
const config: HardhatUserConfig = {
  solidity: "0.8.30",
  defaultNetwork: "zkinterop",
  networks: {
    // chain A (`npm start` serves it here), the one your tests and scripts use by default
    zkinterop: { url: process.env.ZKINTEROP_CHAIN_A ?? "http://127.0.0.1:3050", chainId: 271 },
    // chain B, where a message sent on A is verified
    zkinteropB: { url: process.env.ZKINTEROP_CHAIN_B ?? "http://127.0.0.1:3250", chainId: 272 },
    // Gateway, the settlement layer both chains settle on
    gateway: { url: process.env.ZKINTEROP_GATEWAY ?? "http://127.0.0.1:3150", chainId: 506 },
  },
  typechain: { dontOverrideCompile: true }, // compile without generating types (the toolbox would by default)
};

export default config;
