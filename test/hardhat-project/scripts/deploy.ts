import { ethers } from "hardhat";

async function main() {
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const lock = await ethers.deployContract("Lock", [now + 60], { value: ethers.parseEther("0.001") });
  await lock.waitForDeployment();
  const { chainId } = await ethers.provider.getNetwork();
  console.log(`Lock deployed to ${await lock.getAddress()} on chain ${chainId}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
