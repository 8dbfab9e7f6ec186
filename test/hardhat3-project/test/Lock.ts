// Hardhat 3 with ethers and mocha against zkinterop chain A: fixtures, time travel and the matchers.
import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.getOrCreate();

describe("Lock on Hardhat 3", function () {
  async function deployLockFixture() {
    const unlockTime = (await networkHelpers.time.latest()) + 3600;
    const lock = await ethers.deployContract("Lock", [unlockTime], { value: 1000n });
    return { lock, unlockTime };
  }

  it("deploys with the unlock time it was given", async function () {
    const { lock, unlockTime } = await networkHelpers.loadFixture(deployLockFixture);
    expect(await lock.unlockTime()).to.equal(unlockTime);
  });

  it("reverts withdraw before the unlock time", async function () {
    const { lock } = await networkHelpers.loadFixture(deployLockFixture);
    await expect(lock.withdraw()).to.be.revertedWith("You can't withdraw yet");
  });

  it("emits Withdrawal after time.increaseTo", async function () {
    const { lock, unlockTime } = await networkHelpers.loadFixture(deployLockFixture);
    await networkHelpers.time.increaseTo(unlockTime);
    await expect(lock.withdraw()).to.emit(lock, "Withdrawal");
  });
});
