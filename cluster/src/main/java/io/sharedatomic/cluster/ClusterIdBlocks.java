package io.sharedatomic.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;

/**
 * Ids unique across every host and process, handed out at local cost: a cluster counter hands blocks of ids to hosts,
 * one transaction per block, and the processes of a host take ids from the host's blocks through words in its region
 * ({@link IdBlocksLayout}). {@link #nextId()} is one {@code getAndAdd} on a local word and three local reads, and never
 * waits for the cluster while the keeper keeps blocks ready: one process per host (the keeper) fetches the next blocks
 * before the current one runs out, up to {@link IdBlocksLayout#SLOTS} - 1 ahead; another takes over when it dies.
 *
 * <p>Ids are not contiguous: a block a host holds when its last process dies is lost, as are ids whose fetch ended
 * without an answer; none is ever handed out twice. Within a host, ids rise with the blocks.
 *
 * <pre>
 * ClusterLong counter = cluster.clusterLong("orders.ids", 1);
 * try (ClusterIdBlocks ids = ClusterIdBlocks.start(counter, region, 10_000))
 * {
 *     long orderId = ids.nextId();
 * }
 * </pre>
 */
public final class ClusterIdBlocks extends HostKeeper
{
    private static final long OFFSET_MASK = 0xFFFF_FFFFL;
    private static final long KEEPER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ClusterLong counter;
    private final long blockSize;
    private final long waitNanos;
    /** A keeper whose beat is older than this (one fetch may take three requests of the timeout each) has stalled. */
    private final long stallNanos;

    private ClusterIdBlocks(final ClusterLong counter, final LocalIdentity.View view, final SharedLongArray words, final int blockSize,
        final List<Object> identity)
    {
        super(view, words, IdBlocksLayout.KEEPER, identity, "shared-atomic-id-blocks " + counter.name());
        this.counter = counter;
        this.blockSize = blockSize;
        this.waitNanos = counter.values().spec().operationTimeout().multipliedBy(2).toNanos();
        this.stallNanos = counter.values().spec().operationTimeout().multipliedBy(4).toNanos() + TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * Starts handing out ids of this counter in this host's region.
     *
     * @param counter   the cluster counter: the first id of the next block (create it with the first id you want).
     * @param region    the host's region.
     * @param blockSize ids per block, 1 to {@link IdBlocksLayout#MAX_BLOCK_SIZE}: every process of the host must ask
     *                  for the same; larger blocks mean fewer transactions and more ids lost when a host dies.
     * @return the allocator, to close.
     * @throws IllegalArgumentException if the size is out of range or differs from the host's.
     * @throws IllegalStateException    if this process already started it in this region.
     */
    public static ClusterIdBlocks start(final ClusterLong counter, final SharedRegion region, final int blockSize)
    {
        if (blockSize < 1 || blockSize > IdBlocksLayout.MAX_BLOCK_SIZE)
        {
            throw new IllegalArgumentException("a block size of " + blockSize + " is outside 1.." + IdBlocksLayout.MAX_BLOCK_SIZE);
        }
        final String localName = counter.name() + IdBlocksLayout.WORDS_SUFFIX;
        final List<Object> identity = List.of(LocalIdentity.of(region), localName);
        final LocalIdentity.View view = LocalIdentity.view(region, "the id blocks of '" + counter.name() + "'");
        final SharedLongArray words = view.region().sharedLongArray(localName, IdBlocksLayout.WORDS);
        try
        {
            LocalIdentity.claim(words, IdBlocksLayout.FINGERPRINT, counter.values().spec().prefix(), counter.name(),
                "the id blocks of '" + counter.name() + "' in " + region);
        }
        catch (final RuntimeException ex)
        {
            view.close();
            throw ex;
        }
        final long found = words.compareAndExchange(IdBlocksLayout.BLOCK_SIZE, 0, blockSize);
        if (found != 0 && found != blockSize)
        {
            view.close();
            throw new IllegalArgumentException("the id blocks of '" + counter.name() + "' in " + region + " have " + found +
                " ids per block; every process of a host must use the same size (you asked for " + blockSize + ")");
        }
        return HostKeeper.start(new ClusterIdBlocks(counter, view, words, blockSize, identity), "the id blocks of '" + counter.name() + "' in " + region);
    }

    /**
     * The next id: unique across every host and process that takes ids of this counter. Local cost while a block is
     * ready; waits for the keeper only when none is (at the start, or when the cluster is out of reach).
     *
     * @return the id.
     * @throws ClusterUnavailableException if no block arrived within twice the operation timeout.
     * @throws IllegalStateException       if closed.
     */
    public long nextId()
    {
        if (isClosed())
        {
            throw new IllegalStateException("the id blocks of '" + counter.name() + "' are closed");
        }
        long deadline = 0;
        while (true)
        {
            final long cursor = words.getAndAdd(IdBlocksLayout.CURSOR, 1);
            final long block = cursor >>> 32;
            final long offset = cursor & OFFSET_MASK;
            if (offset >= blockSize)
            {
                advancePast(block);
                continue;
            }
            final int slot = (int)(block % IdBlocksLayout.SLOTS);
            final long tag = block + 1;
            while (true)
            {
                final long before = words.get(IdBlocksLayout.tag(slot));
                if (before == tag)
                {
                    final long start = words.get(IdBlocksLayout.start(slot));
                    if (words.get(IdBlocksLayout.tag(slot)) == tag)
                    {
                        return start + offset;
                    }
                }
                else if (before > tag)
                {
                    // The slot moved on to a later block while this thread stalled: this id is skipped.
                    break;
                }
                if (deadline == 0)
                {
                    deadline = System.nanoTime() + waitNanos;
                }
                else if (System.nanoTime() - deadline > 0)
                {
                    throw new ClusterUnavailableException("no block of ids of '" + counter.name() + "' arrived within " +
                        TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms: the keeper of " + region + " (owner token " +
                        words.get(IdBlocksLayout.KEEPER) + ") could not fetch one from etcd at " + counter.values().spec().endpoints() +
                        (keeper ? "; last failure: " + lastFailure : ""), null);
                }
                LockSupport.parkNanos(10_000);
            }
        }
    }

    private void advancePast(final long block)
    {
        while (true)
        {
            final long cursor = words.get(IdBlocksLayout.CURSOR);
            if (cursor >>> 32 != block || words.compareAndSet(IdBlocksLayout.CURSOR, cursor, (block + 1) << 32))
            {
                return;
            }
        }
    }

    @Override
    long step()
    {
        words.set(IdBlocksLayout.BEAT, System.nanoTime());
        return fillSlots() ? 0 : KEEPER_IDLE_NANOS;
    }

    @Override
    boolean stalled(final long current)
    {
        return System.nanoTime() - words.get(IdBlocksLayout.BEAT) > stallNanos;
    }

    @Override
    void tookOver()
    {
        words.set(IdBlocksLayout.BEAT, System.nanoTime());
    }

    /**
     * Fetches and publishes the first missing block of the next {@link IdBlocksLayout#SLOTS}. Every step that writes a
     * slot is a CAS from what this keeper read, and the slot is first marked with this keeper's token: a keeper that
     * stalled and resumes after another took over changes nothing.
     *
     * @return true if it published one (or skipped a block whose fetch had an unknown outcome).
     */
    private boolean fillSlots()
    {
        final long current = words.get(IdBlocksLayout.CURSOR) >>> 32;
        final long marker = -region.ownerToken();
        for (long block = current; block < current + IdBlocksLayout.SLOTS; block++)
        {
            final int slot = (int)(block % IdBlocksLayout.SLOTS);
            final long tag = words.get(IdBlocksLayout.tag(slot));
            if (tag == block + 1)
            {
                continue;
            }
            if (tag > block + 1)
            {
                // The cursor moved on while this keeper looked: look again.
                return true;
            }
            // Empty, an older block, or a marker left by a keeper that died or lost its place mid-publish.
            if (!words.compareAndSet(IdBlocksLayout.tag(slot), tag, marker))
            {
                return true;
            }
            final long start;
            try
            {
                start = counter.getAndAdd(blockSize);
            }
            catch (final OutcomeUnknownException ex)
            {
                // The block may have been granted: it is skipped (the slot stays marked; the next round takes it again).
                lastFailure = ex.getMessage();
                return true;
            }
            if (start < 0 || start > Long.MAX_VALUE - blockSize)
            {
                throw new ClusterException("the counter '" + counter.name() + "' handed out a block at " + start + ": ids must stay within " +
                    "0.." + Long.MAX_VALUE + " (start the counter at 0 or above; it has run out)", null);
            }
            final long oldStart = words.get(IdBlocksLayout.start(slot));
            if (words.get(IdBlocksLayout.tag(slot)) != marker || !words.compareAndSet(IdBlocksLayout.start(slot), oldStart, start))
            {
                return true;
            }
            words.compareAndSet(IdBlocksLayout.tag(slot), marker, block + 1);
            return true;
        }
        return false;
    }

    /**
     * @return ids per block.
     */
    public int blockSize()
    {
        return (int)blockSize;
    }

    /**
     * Stops: this process takes no more ids, and if it was the keeper, another process of the host takes over. The
     * blocks stay for the host's other processes.
     */
    @Override
    public void close()
    {
        super.close();
    }

    @Override
    public String toString()
    {
        return "ClusterIdBlocks " + counter.name() + " (" + blockSize + " per block" + (isKeeper() ? ", keeper" : "") + ")";
    }
}
