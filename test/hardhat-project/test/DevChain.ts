// The network helpers and dev methods a Hardhat test reaches for beyond fixtures: mining, time,
// balances, impersonation and transaction traces, all on zkinterop chain A.
import { impersonateAccount, mine, setBalance, stopImpersonatingAccount, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { expect } from "chai";
import { ethers, network } from "hardhat";

describe("dev chain helpers", function () {
  it("mines 100 blocks at once with mine()", async function () {
    const before = await ethers.provider.getBlockNumber();
    await mine(100);
    expect(await ethers.provider.getBlockNumber()).to.equal(before + 100);
  });

  it("moves the next block's time forward by time.increase", async function () {
    const before = await time.latest();
    await time.increase(3600);
    expect(await time.latest()).to.be.greaterThanOrEqual(before + 3600);
  });

  it("sets an account's balance with setBalance", async function () {
    const account = ethers.Wallet.createRandom().address;
    await setBalance(account, ethers.parseEther("12.5"));
    expect(await ethers.provider.getBalance(account)).to.equal(ethers.parseEther("12.5"));
  });

  it("sends from an impersonated account that has no key here", async function () {
    const [funder] = await ethers.getSigners();
    const stranger = ethers.Wallet.createRandom().address;
    await setBalance(stranger, ethers.parseEther("1"));
    await impersonateAccount(stranger);
    const signer = await ethers.getSigner(stranger);
    await expect(signer.sendTransaction({ to: funder.address, value: 1000n })).to.changeEtherBalance(funder, 1000n);
    await stopImpersonatingAccount(stranger);
  });

  it("traces a mined transaction with debug_traceTransaction", async function () {
    const lock = await ethers.deployContract("Lock", [(await time.latest()) + 1000], { value: 1 });
    const deployHash = lock.deploymentTransaction()!.hash;
    const trace = await network.provider.send("debug_traceTransaction", [deployHash]);
    expect(trace.failed).to.equal(false);
    expect(trace.structLogs.length).to.be.greaterThan(0);
    expect(trace.structLogs.map((log: { op: string }) => log.op)).to.include("SSTORE");
  });
});
