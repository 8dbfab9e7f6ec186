/**
 * The accounts funded on every chain (SPEC §9): ZKsync's standard local rich wallets and the ten
 * accounts of the `test … junk` mnemonic, so both ZKsync and Hardhat/Foundry habits work.
 * These keys are public knowledge: development only.
 */
import { parseEther, type Address, type Hex } from 'viem';
import { rememberKeyAddress } from '../protocol/privateKeyAddress.ts';

/** ZKsync's local rich wallets (era-test-node / zksync-era dev), in their usual order. */
export const RICH_WALLET_KEYS: readonly Hex[] = [
  '0x7726827caac94a7f9e1b160f7ea819f172f7b6f9d2a97f992c38edeab82d4110',
  '0xac1e735be8536c6534bb4f17f06f6afc73b2b5ba84ac2cfb12f7461b20c0bbe3',
  '0xd293c684d884d56f8d6abd64fc76757d3664904e309a0645baf8522ab6366d9e',
  '0x850683b40d4a740aa6e745f889a6fdc8327be76e122f5aba645a5b02d0248db8',
  '0xf12e28c0eb1ef4ff90478f6805b68d63737b7f33abfa091601140805da450d93',
  '0xe667e57a9b8aaa6709e51ff7d093f1c5b73b63f9987e4ab4aa9a5c699e024ee8',
  '0x28a574ab2de8a00364d5dd4b07c4f2f574ef7fcc2a86a197f65abaec836d1959',
  '0x74d8b3a188f7260f67698eb44da07397a298df5427df681ef68c45b34b61f998',
  '0xbe79721778b48bcc679b78edac0ce48306a8578186ffcb9f2ee455ae6efeace1',
  '0x3eb15da85647edd9a1159a4a13b9e7c56877c4eb33f614546d4db06a51868b1c',
];

/** The well-known development mnemonic of Hardhat, Foundry and anvil. */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';

/**
 * Keys of accounts 0–9 of TEST_MNEMONIC (path m/44'/60'/0'/0/i). Written out because deriving them
 * costs ~2 s of PBKDF2 at every start; accounts.test.ts derives them again to prove they match.
 */
export const TEST_MNEMONIC_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];

/**
 * Addresses of RICH_WALLET_KEYS then TEST_MNEMONIC_KEYS, written out: deriving twenty of them cost
 * tens of ms of every start; accounts.test.ts derives them again to prove they match.
 */
export const DEV_ADDRESSES: readonly Address[] = [
  '0x36615Cf349d7F6344891B1e7CA7C72883F5dc049',
  '0xa61464658AfeAf65CccaaFD3a512b69A83B77618',
  '0x0D43eB5B8a47bA8900d84AA36656c92024e9772e',
  '0xA13c10C0D5bd6f79041B9835c63f91de35A15883',
  '0x8002cD98Cfb563492A6fB3E7C8243b7B9Ad4cc92',
  '0x4F9133D1d3F50011A6859807C837bdCB31Aaab13',
  '0xbd29A1B981925B94eEc5c4F1125AF02a2Ec4d1cA',
  '0xedB6F5B4aab3dD95C7806Af42881FF12BE7e9daa',
  '0xe706e60ab5Dc512C36A4646D719b889F398cbBcB',
  '0xE90E12261CCb0F3F7976Ae611A29e84a6A85f424',
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
];

/** Balance of every funded account: plenty, like other dev nodes. */
export const DEV_BALANCE = parseEther('1000000000');

/** A funded account: key, address, balance. */
export type DevAccount = { privateKey: Hex; address: Address; balance: bigint };

let cached: DevAccount[] | undefined;

/** All funded dev accounts: the 10 rich wallets, then the 10 mnemonic accounts. */
export function devAccounts(): DevAccount[] {
  if (cached) return cached;
  cached = [...RICH_WALLET_KEYS, ...TEST_MNEMONIC_KEYS].map((privateKey, i) => ({
    privateKey,
    address: DEV_ADDRESSES[i]!,
    balance: DEV_BALANCE,
  }));
  // Every engine and account policy of a start derives its funded keys' addresses: these are known.
  for (const account of cached) rememberKeyAddress(account.privateKey, account.address);
  return cached;
}
