// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMessageRoot} from "./interfaces/IMessageRoot.sol";
import {IBridgehub} from "./interfaces/IBridgehub.sol";
import {L2Log, L2Message} from "./interfaces/Messaging.sol";
import {BOOTLOADER_ADDRESS, MESSAGE_ROOT_ADDRESS, CHAIN_SETTLEMENT_BASE_ADDRESS, Unauthorized} from "./SystemAddresses.sol";
import {BRIDGEHUB_ADDRESS} from "./L1Addresses.sol";
import {InteropHashing} from "./libraries/InteropHashing.sol";
import {MessageProof, ProofData} from "./libraries/MessageProof.sol";

/// @dev `initialize` runs once.
error SettlementAlreadyInitialized();
/// @dev Chain id zero or operator zero.
error InvalidSettlementConfig(uint256 chainId, address operator);
/// @dev This instance must sit at CHAIN_SETTLEMENT_BASE_ADDRESS + chainId.
error WrongSettlementAddress(uint256 chainId, address expected);
/// @dev Only the chain's operator may move its batches.
error NotOperator(address caller);
/// @dev Batches move through each stage strictly one after another.
error UnexpectedBatchNumber(uint256 expected, uint256 given);
/// @dev The commit does not extend the stored chain of batch hashes.
error PreviousBatchHashMismatch(bytes32 stored, bytes32 given);
/// @dev Prove before commit.
error BatchNotCommitted(uint256 batchNumber);
/// @dev Execute before prove.
error BatchNotProved(uint256 batchNumber);
/// @dev A dependency root in proof-based interop is exactly one root.
error DependencyRootSidesLengthNotOne(uint256 position);
/// @dev Dependency roots must be roots of this Gateway.
error DependencyRootWrongChain(uint256 position, uint256 chainId, uint256 gatewayChainId);
/// @dev A zero root is never a valid interop root.
error DependencyRootIsZero(uint256 position);
/// @dev The chain imported a root that this Gateway never published for that block.
error DependencyRootNotInGatewayHistory(uint256 position, uint256 blockNumber, bytes32 root, bytes32 historicalRoot);
/// @dev The dependency roots given at execute are not the ones committed.
error DependencyRootsRollingHashMismatch(bytes32 committed, bytes32 computed);
/// @dev The chain settles on another layer (SPEC §10): its batches are not committed here.
error ChainSettlesElsewhere(address settlementLayer);
/// @dev A final proof names a batch not executed here (era-contracts Mailbox: `BatchNotExecuted`).
error BatchNotExecuted(uint256 batchNumber);
/// @dev A final proof names a batch whose root is zero (era-contracts Mailbox: `LocalRootIsZero`).
error LocalRootIsZero();
/// @dev A recursive proof names a batch that settled here, so it must be final (era-contracts Mailbox: `LocalRootMustBeZero`).
error LocalRootMustBeZero();
/// @dev A recursive proof goes through a chain the Bridgehub does not trust as a settlement layer
/// (era-contracts Mailbox: `NotSettlementLayer`).
error NotSettlementLayer();

/// @title ChainSettlement: one chain's ZK chain contract on its settlement layer (commit, prove, execute).
/// @notice One instance per chain, at `0x…20000 + chainId` on the layer it settles on (Gateway, or
/// L1: SPEC §5, §10), placed at genesis by setCode and initialised once by the bootloader with the
/// chain id and its operator. Like a real chain's diamond proxy it also answers the Getters
/// facet's views (`getTotalBatches*`, `storedBatchHash`, `l2LogsRootHash`, `getChainId`, …) and
/// the Mailbox facet's message proofs (`proveL2MessageInclusion`, …), which Bridgehub forwards to.
/// On L1 a chain that settles on Gateway keeps an instance too (as a real chain keeps its diamond
/// on L1 after moving to Gateway): it never settles there (`getSettlementLayer` names where it
/// does) and only verifies that chain's recursive proofs.
/// Stored batch hash: `keccak256(abi.encode(batchNumber, chainBatchRoot, dependencyRootsRollingHash,
/// previousBatchHash))`; batch 0 is genesis with hash 0, so batch 1 commits with previousBatchHash 0.
/// Dependency rolling hash: from h = 0, `h = keccak256(h ‖ u256(chainId) ‖ u256(blockNumber) ‖ root)`
/// over the batch's imported interop roots in import order.
contract ChainSettlement {
    /// @notice An interop root of this Gateway that the batch imported (`sides` = [root]).
    struct DependencyRoot {
        uint256 chainId;
        uint256 blockNumber;
        bytes32[] sides;
    }

    /// @notice What commit stored for a batch.
    struct StoredBatch {
        bytes32 batchHash;
        bytes32 chainBatchRoot;
        bytes32 dependencyRootsRollingHash;
    }

    /// @dev What `prove` says about the proof it did not check.
    string public constant PROOF_SYSTEM = "none: no ZK proof exists here; the verifier accepts every batch by construction";

    event BlockCommit(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 chainBatchRoot, bytes32 dependencyRootsRollingHash);
    /// @notice `verifier` always says that nothing was verified (see PROOF_SYSTEM).
    event BlockProve(uint256 indexed batchNumber, bytes32 indexed batchHash, string verifier);
    /// @param interopRoot Gateway's interop root right after this batch was appended.
    event BlockExecution(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 chainBatchRoot, bytes32 interopRoot);

    uint256 public chainId;
    address public operator;
    uint256 public totalBatchesCommitted;
    uint256 public totalBatchesProved;
    uint256 public totalBatchesExecuted;
    mapping(uint256 batchNumber => StoredBatch) internal batches;
    /// @dev Zero while the chain settles here; else the ZK chain contract of the layer it settles on.
    address internal settlementLayer;

    modifier onlyOperator() {
        if (msg.sender != operator || msg.sender == address(0)) revert NotOperator(msg.sender);
        _;
    }

    /// @notice Binds this instance to its chain and operator; once, by the bootloader.
    function initialize(uint256 chainId_, address operator_) external {
        if (msg.sender != BOOTLOADER_ADDRESS) revert Unauthorized(msg.sender);
        if (operator != address(0)) revert SettlementAlreadyInitialized();
        if (chainId_ == 0 || operator_ == address(0)) revert InvalidSettlementConfig(chainId_, operator_);
        address expected = address(CHAIN_SETTLEMENT_BASE_ADDRESS + uint160(chainId_));
        if (address(this) != expected) revert WrongSettlementAddress(chainId_, expected);
        chainId = chainId_;
        operator = operator_;
    }

    /// @notice Commits the next batch, chaining it to the previous one by hash.
    function commit(
        uint256 batchNumber,
        bytes32 chainBatchRoot,
        bytes32 dependencyRootsRollingHash,
        bytes32 previousBatchHash
    ) external onlyOperator {
        if (settlementLayer != address(0)) revert ChainSettlesElsewhere(settlementLayer);
        if (batchNumber != totalBatchesCommitted + 1) revert UnexpectedBatchNumber(totalBatchesCommitted + 1, batchNumber);
        bytes32 storedPrevious = batches[batchNumber - 1].batchHash;
        if (storedPrevious != previousBatchHash) revert PreviousBatchHashMismatch(storedPrevious, previousBatchHash);

        bytes32 batchHash = keccak256(abi.encode(batchNumber, chainBatchRoot, dependencyRootsRollingHash, previousBatchHash));
        batches[batchNumber] = StoredBatch(batchHash, chainBatchRoot, dependencyRootsRollingHash);
        totalBatchesCommitted = batchNumber;
        emit BlockCommit(batchNumber, batchHash, chainBatchRoot, dependencyRootsRollingHash);
    }

    /// @notice Marks the next committed batch proved. There is no ZK proof to check: the verifier
    /// accepts by construction, and the event says so.
    function prove(uint256 batchNumber) external onlyOperator {
        if (batchNumber != totalBatchesProved + 1) revert UnexpectedBatchNumber(totalBatchesProved + 1, batchNumber);
        if (batchNumber > totalBatchesCommitted) revert BatchNotCommitted(batchNumber);
        totalBatchesProved = batchNumber;
        emit BlockProve(batchNumber, batches[batchNumber].batchHash, PROOF_SYSTEM);
    }

    /// @notice Executes the next proved batch: checks its dependency roots against Gateway's history
    /// and the committed rolling hash, then appends its root to MessageRoot.
    /// @param dependencyRoots the interop roots the batch imported, in import order.
    function execute(uint256 batchNumber, DependencyRoot[] calldata dependencyRoots) external onlyOperator {
        if (batchNumber != totalBatchesExecuted + 1) revert UnexpectedBatchNumber(totalBatchesExecuted + 1, batchNumber);
        if (batchNumber > totalBatchesProved) revert BatchNotProved(batchNumber);
        StoredBatch storage batch = batches[batchNumber];

        bytes32 rollingHash = _checkDependencyRoots(dependencyRoots);
        if (rollingHash != batch.dependencyRootsRollingHash) {
            revert DependencyRootsRollingHashMismatch(batch.dependencyRootsRollingHash, rollingHash);
        }

        totalBatchesExecuted = batchNumber;
        IMessageRoot messageRoot = IMessageRoot(MESSAGE_ROOT_ADDRESS);
        messageRoot.addChainBatchRoot(chainId, batchNumber, batch.chainBatchRoot);
        emit BlockExecution(batchNumber, batch.batchHash, batch.chainBatchRoot, messageRoot.getAggregatedRoot());
    }

    /// @notice Records that the chain settles on another layer, whose ZK chain contract (on this
    /// layer) is `settlementLayer_`; from then on nothing is committed here. Bootloader only, at genesis.
    /// @dev era-contracts keeps the same in `s.settlementLayer` when a chain migrates to Gateway.
    function setSettlementLayer(address settlementLayer_) external {
        if (msg.sender != BOOTLOADER_ADDRESS) revert Unauthorized(msg.sender);
        settlementLayer = settlementLayer_;
    }

    // ---- Getters facet (era-contracts IGetters: same names and selectors) ----

    /// @notice The chain this contract settles.
    function getChainId() external view returns (uint256) {
        return chainId;
    }

    /// @notice The Bridgehub of this layer.
    function getBridgehub() external pure returns (address) {
        return BRIDGEHUB_ADDRESS;
    }

    /// @notice Zero while the chain settles here, else its ZK chain contract on the layer it settles on.
    function getSettlementLayer() external view returns (address) {
        return settlementLayer;
    }

    function getTotalBatchesCommitted() external view returns (uint256) {
        return totalBatchesCommitted;
    }

    /// @notice Batches proved (real name: "verified"; no ZK proof is verified here, see PROOF_SYSTEM).
    function getTotalBatchesVerified() external view returns (uint256) {
        return totalBatchesProved;
    }

    function getTotalBatchesExecuted() external view returns (uint256) {
        return totalBatchesExecuted;
    }

    /// @notice The chain batch root (root of the batch's L2→L1 logs tree ‖ aggregated root) of an
    /// executed batch; zero for a batch not executed here.
    /// @dev The real Executor writes `l2LogsRootHashes` at execute; the root committed here becomes
    /// visible at the same stage.
    function l2LogsRootHash(uint256 batchNumber) public view returns (bytes32) {
        return batchNumber <= totalBatchesExecuted ? batches[batchNumber].chainBatchRoot : bytes32(0);
    }

    // ---- Mailbox facet's proofs (era-contracts IMailboxImpl: same names and selectors) ----

    /// @notice Whether `message` was sent by this chain in `batchNumber` at `index` of its logs tree.
    /// @dev era-contracts Mailbox.proveL2MessageInclusion: the message as the L1Messenger's log.
    function proveL2MessageInclusion(
        uint256 batchNumber,
        uint256 index,
        L2Message calldata message,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = InteropHashing.messageLeaf(message.txNumberInBatch, message.sender, message.data);
        return _proveL2LeafInclusion(batchNumber, index, leaf, proof);
    }

    /// @dev era-contracts Mailbox.proveL2LogInclusion.
    function proveL2LogInclusion(
        uint256 batchNumber,
        uint256 index,
        L2Log calldata log,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = InteropHashing.logLeaf(log.l2ShardId, log.isService, log.txNumberInBatch, log.sender, log.key, log.value);
        return _proveL2LeafInclusion(batchNumber, index, leaf, proof);
    }

    /// @dev era-contracts Mailbox.proveL2LeafInclusion: what a chain's ZK chain contract asks its
    /// settlement layer's ZK chain contract for the rest of a recursive proof.
    function proveL2LeafInclusion(
        uint256 batchNumber,
        uint256 leafProofMask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _proveL2LeafInclusion(batchNumber, leafProofMask, leaf, proof);
    }

    /// @dev Follows era-contracts Mailbox._proveL2LeafInclusion. A final node must end at the root of
    /// a batch executed here; a recursive node (the chain settles on Gateway) must name a batch that
    /// did not settle here, a settlement layer the Bridgehub whitelists, and the rest of the proof
    /// must prove the chain's leaf against that layer's ZK chain contract here (on L1: Gateway's
    /// batch root, `H(Gateway's localLogsRoot ‖ Gateway's MessageRoot shared root)`).
    /// Malformed proofs revert with a named error; a well-formed proof of something else returns false.
    function _proveL2LeafInclusion(
        uint256 batchNumber,
        uint256 leafProofMask,
        bytes32 leaf,
        bytes32[] calldata proof
    ) internal view returns (bool) {
        ProofData memory node = MessageProof.getProofData(chainId, batchNumber, leafProofMask, leaf, proof);
        if (node.finalProofNode) {
            if (batchNumber > totalBatchesExecuted) revert BatchNotExecuted(batchNumber);
            bytes32 correctBatchRoot = batches[batchNumber].chainBatchRoot;
            if (correctBatchRoot == bytes32(0)) revert LocalRootIsZero();
            return correctBatchRoot == node.batchSettlementRoot;
        }

        if (l2LogsRootHash(batchNumber) != bytes32(0)) revert LocalRootMustBeZero();
        // Trusting a settlement layer means trusting that it aggregates only batches that
        // happened: the Bridgehub's whitelist says which chains are trusted so.
        IBridgehub bridgehub = IBridgehub(BRIDGEHUB_ADDRESS);
        if (!bridgehub.whitelistedSettlementLayers(node.settlementLayerChainId)) revert NotSettlementLayer();
        address settlementLayerContract = bridgehub.getZKChain(node.settlementLayerChainId);
        return
            ChainSettlement(settlementLayerContract).proveL2LeafInclusion(
                node.settlementLayerBatchNumber,
                node.settlementLayerBatchRootMask,
                node.chainIdLeaf,
                proof[node.ptr:]
            );
    }

    /// @notice What commit stored for `batchNumber` (zeros if not committed).
    function storedBatch(uint256 batchNumber) external view returns (StoredBatch memory) {
        return batches[batchNumber];
    }

    /// @notice Stored hash of a committed batch (0 for genesis and for batches not committed).
    function storedBatchHash(uint256 batchNumber) external view returns (bytes32) {
        return batches[batchNumber].batchHash;
    }

    /// @return rollingHash the rolling hash of the (all valid) dependency roots
    function _checkDependencyRoots(DependencyRoot[] calldata roots) internal view returns (bytes32 rollingHash) {
        IMessageRoot messageRoot = IMessageRoot(MESSAGE_ROOT_ADDRESS);
        for (uint256 i; i < roots.length; ++i) {
            DependencyRoot calldata dependency = roots[i];
            if (dependency.sides.length != 1) revert DependencyRootSidesLengthNotOne(i);
            if (dependency.chainId != block.chainid) revert DependencyRootWrongChain(i, dependency.chainId, block.chainid);
            bytes32 root = dependency.sides[0];
            if (root == bytes32(0)) revert DependencyRootIsZero(i);
            bytes32 historical = messageRoot.historicalRoot(dependency.blockNumber);
            if (historical != root) {
                revert DependencyRootNotInGatewayHistory(i, dependency.blockNumber, root, historical);
            }
            rollingHash = keccak256(abi.encodePacked(rollingHash, dependency.chainId, dependency.blockNumber, root));
        }
    }
}
