// Hardhat's sample test, unchanged in spirit: fixtures (evm_snapshot/evm_revert), time travel and the
// chai matchers, run against zkinterop chain A.
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";

describe("Lock", function () {
  async function deployOneYearLockFixture() {
    const ONE_YEAR_IN_SECS = 365 * 24 * 60 * 60;
    const ONE_GWEI = 1_000_000_000;
    const unlockTime = (await time.latest()) + ONE_YEAR_IN_SECS;
    const [owner, otherAccount] = await ethers.getSigners();
    const lock = await ethers.deployContract("Lock", [unlockTime], { value: ONE_GWEI });
    return { lock, unlockTime, lockedAmount: ONE_GWEI, owner, otherAccount };
  }

  it("deploys with the unlock time, owner and locked funds it was given", async function () {
    const { lock, unlockTime, lockedAmount, owner } = await loadFixture(deployOneYearLockFixture);
    expect(await lock.unlockTime()).to.equal(unlockTime);
    expect(await lock.owner()).to.equal(owner.address);
    expect(await ethers.provider.getBalance(lock.target)).to.equal(lockedAmount);
  });

  it("refuses an unlock time in the past with its revert reason", async function () {
    const latestTime = await time.latest();
    const Lock = await ethers.getContractFactory("Lock");
    await expect(Lock.deploy(latestTime, { value: 1 })).to.be.revertedWith("Unlock time should be in the future");
  });

  it("reverts withdraw before the unlock time", async function () {
    const { lock } = await loadFixture(deployOneYearLockFixture);
    await expect(lock.withdraw()).to.be.revertedWith("You can't withdraw yet");
  });

  it("reverts withdraw from another account once unlocked (time.increaseTo)", async function () {
    const { lock, unlockTime, otherAccount } = await loadFixture(deployOneYearLockFixture);
    await time.increaseTo(unlockTime);
    await expect(lock.connect(otherAccount).withdraw()).to.be.revertedWith("You aren't the owner");
  });

  it("emits Withdrawal once unlocked", async function () {
    const { lock, unlockTime, lockedAmount } = await loadFixture(deployOneYearLockFixture);
    await time.increaseTo(unlockTime);
    await expect(lock.withdraw()).to.emit(lock, "Withdrawal").withArgs(lockedAmount, anyValue);
  });

  it("moves the locked funds to the owner (changeEtherBalances)", async function () {
    const { lock, unlockTime, lockedAmount, owner } = await loadFixture(deployOneYearLockFixture);
    await time.increaseTo(unlockTime);
    await expect(lock.withdraw()).to.changeEtherBalances([owner, lock], [lockedAmount, -lockedAmount]);
  });

  it("undoes the time travel when the fixture is loaded again", async function () {
    const { unlockTime } = await loadFixture(deployOneYearLockFixture);
    expect(await time.latest()).to.be.lessThan(unlockTime);
  });
});
