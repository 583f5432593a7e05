package io.sharedatomic.examples;

import net.openhft.affinity.AffinityLock;

/**
 * Pins the calling thread to a CPU with OpenHFT affinity when asked ({@code --pin}), and says once, without a stack
 * trace, when the platform or the container does not allow it. On a 2-core machine affinity reserves only CPU 1, and
 * for one thread host-wide, so most threads run unpinned there.
 */
final class Pinning implements AutoCloseable
{
    private final AffinityLock lock;
    private final String note;

    private Pinning(final AffinityLock lock, final String note)
    {
        this.lock = lock;
        this.note = note;
    }

    /**
     * Keeps affinity's own "No reservable CPU" warning out of the demo's output; we say it ourselves, once. Must run
     * before anything logs.
     */
    static void quietAffinityLogging()
    {
        System.setProperty("org.slf4j.simpleLogger.log.net.openhft.affinity", "error");
    }

    /**
     * @param requested whether {@code --pin} was given.
     * @return a pinning to close when the thread is done; its {@link #note()} says what happened.
     */
    static Pinning pinCurrentThread(final boolean requested)
    {
        if (!requested)
        {
            return new Pinning(null, "");
        }
        try
        {
            final AffinityLock lock = AffinityLock.acquireLock();
            if (lock.isBound())
            {
                return new Pinning(lock, "pinned to CPU " + lock.cpuId());
            }
            lock.release();
            return new Pinning(null, "running unpinned: no CPU could be reserved (affinity reserves CPUs 1..n-1, one thread each, host-wide)");
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return new Pinning(null, "running unpinned: thread affinity is not available here (" + ex.getClass().getSimpleName() + ": " +
                ex.getMessage() + ")");
        }
    }

    /**
     * @return one line saying whether the thread was pinned, or empty if pinning was not asked for.
     */
    String note()
    {
        return note;
    }

    @Override
    public void close()
    {
        if (lock != null)
        {
            lock.release();
        }
    }
}
