import { ethers } from "hardhat";

async function main() {
  // The next block is stamped with the wall clock (or later, if the chain's time was moved ahead); the
  // latest block may be older on an idle chain, so unlock an hour after the later of the two.
  const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
  const unlockTime = Math.max(latest, Math.floor(Date.now() / 1000)) + 3600;
  const lock = await ethers.deployContract("Lock", [unlockTime], { value: ethers.parseEther("0.001") });
  await lock.waitForDeployment();
  const { chainId } = await ethers.provider.getNetwork();
  console.log(`Lock deployed to ${await lock.getAddress()} on chain ${chainId}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
