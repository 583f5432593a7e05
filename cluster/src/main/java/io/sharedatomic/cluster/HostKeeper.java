package io.sharedatomic.cluster;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.cluster.internal.EtcdFailure;

/**
 * What the id blocks and the budget share: every process of a host that starts one runs a thread, and one of them
 * (the keeper, whose owner token is in a word of the region) does the work against etcd while the others stand by and
 * take over once it dies (or, where {@link #stalled} says so, stalls). Once per process for a region file and name;
 * closing gives the keeper's place up.
 */
abstract class HostKeeper implements AutoCloseable
{
    private static final long STANDBY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final ConcurrentMap<List<Object>, HostKeeper> ACTIVE = new ConcurrentHashMap<>();

    final SharedRegion region;
    final SharedLongArray words;
    private final LocalIdentity.View view;
    private final int keeperIndex;
    private final List<Object> identity;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    volatile boolean keeper;
    volatile String lastFailure = "none";

    HostKeeper(final LocalIdentity.View view, final SharedLongArray words, final int keeperIndex, final List<Object> identity,
        final String threadName)
    {
        this.view = view;
        this.region = view.region();
        this.words = words;
        this.keeperIndex = keeperIndex;
        this.identity = identity;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /**
     * Registers a new keeper for its file and name, and starts its thread.
     *
     * @throws IllegalStateException if this process already runs one (the view is closed then).
     */
    static <T extends HostKeeper> T start(final T created, final String what)
    {
        final HostKeeper started = created;
        if (ACTIVE.putIfAbsent(started.identity, started) != null)
        {
            started.view.close();
            throw new IllegalStateException(what + " is already started in this process; share that object (it is thread-safe)");
        }
        started.thread.start();
        return created;
    }

    /**
     * One round of the keeper's work.
     *
     * @return how long to rest before the next round, in nanoseconds.
     */
    abstract long step();

    /**
     * @param current the keeper's owner token, alive.
     * @return true if the keeper has stopped working though its process lives, so that another may take over.
     */
    boolean stalled(final long current)
    {
        return false;
    }

    /** Called when this process becomes the keeper. */
    void tookOver()
    {
    }

    /** Called with a failure from etcd, after it was recorded. */
    void failed(final EtcdFailure failure)
    {
    }

    /** Called by close, in the keeper process, after its thread ended and before it gives its place up. */
    void closing()
    {
    }

    private void run()
    {
        while (!closed.get())
        {
            try
            {
                if (keeper && words.get(keeperIndex) != region.ownerToken())
                {
                    // Another process took over while this one stalled.
                    keeper = false;
                }
                if (!keeper)
                {
                    takeOverIfFree();
                    if (!keeper)
                    {
                        LockSupport.parkNanos(STANDBY_NANOS);
                        continue;
                    }
                }
                LockSupport.parkNanos(step());
            }
            catch (final ClusterException ex)
            {
                lastFailure = ex.getMessage();
                LockSupport.parkNanos(STANDBY_NANOS);
            }
            catch (final EtcdFailure ex)
            {
                lastFailure = ex.getMessage();
                failed(ex);
                LockSupport.parkNanos(STANDBY_NANOS);
            }
            catch (final Throwable ex)
            {
                // Unexpected: give the keeper's place up, so that another process of the host goes on.
                lastFailure = ex.toString();
                giveUp();
                return;
            }
        }
    }

    private void takeOverIfFree()
    {
        final long current = words.get(keeperIndex);
        final long mine = region.ownerToken();
        if (current == mine ||
            (current == 0 || !region.isOwnerAlive(current) || stalled(current)) && words.compareAndSet(keeperIndex, current, mine))
        {
            keeper = true;
            tookOver();
        }
    }

    private void giveUp()
    {
        try
        {
            if (keeper)
            {
                keeper = false;
                words.compareAndSet(keeperIndex, region.ownerToken(), 0);
            }
        }
        catch (final RuntimeException ex)
        {
            // The region is gone: nothing to give up.
        }
    }

    /**
     * @return true once closed.
     */
    final boolean isClosed()
    {
        return closed.get();
    }

    /**
     * @return true if this process is the host's keeper.
     */
    public final boolean isKeeper()
    {
        return keeper && !closed.get();
    }

    /**
     * @return the last failure the keeper met, for messages.
     */
    public final String lastFailure()
    {
        return lastFailure;
    }

    /**
     * Stops this process's part; if it was the keeper, another process of the host takes over.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            if (keeper && !thread.isAlive())
            {
                closing();
            }
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex.toString();
        }
        finally
        {
            try
            {
                giveUp();
            }
            finally
            {
                view.close();
                ACTIVE.remove(identity, this);
            }
        }
    }
}
