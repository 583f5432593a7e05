package io.sharedatomic.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who owns what in a region: this process's owner token, whether another token's owner is alive, and which thread of
 * this JVM holds a lock word. Ownership words in shared memory (a wide value's writer lock, a pool's owner slot) hold
 * tokens; see {@link io.sharedatomic.layout.LeaseDescriptor} for why a token's owner is judged dead only when it is.
 */
public interface Owners
{
    /**
     * The owners of a process-local region: this process is the only one, with token 1.
     *
     * @return new owners for one process-local region.
     */
    static Owners processLocal()
    {
        final ConcurrentMap<Long, LocalLock> locks = new ConcurrentHashMap<>();
        return new Owners()
        {
            @Override
            public long token(final long regionAddress)
            {
                return 1;
            }

            @Override
            public boolean isAlive(final long token)
            {
                return token == 1;
            }

            @Override
            public LocalLock localLock(final long regionAddress, final long wordAddress)
            {
                return locks.computeIfAbsent(wordAddress - regionAddress, offset -> new LocalLock());
            }

            @Override
            public void unlocked()
            {
                // No lease to give up in a process-local region.
            }
        };
    }

    /**
     * This process's token, taking a lease on first use.
     *
     * @param regionAddress base address of a writable view of the region (the lease counter lives in its header).
     * @return the token: non-zero, and never the token of any other process, before or after.
     */
    long token(long regionAddress);

    /**
     * @param token a token read from an ownership word.
     * @return false only if no live process holds it: its owner died or closed the region, for good.
     */
    boolean isAlive(long token);

    /**
     * The one {@link LocalLock} of a lock word in this JVM, shared by every handle on it.
     *
     * @param regionAddress base address of the view the word was found through.
     * @param wordAddress   address of the word.
     * @return its local lock.
     */
    LocalLock localLock(long regionAddress, long wordAddress);

    /**
     * Called after a thread released a lock word: the last close of the region may have been waiting for it.
     */
    void unlocked();
}
