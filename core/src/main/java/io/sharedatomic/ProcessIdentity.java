package io.sharedatomic;

import io.sharedatomic.internal.OwnerToken;

/**
 * A process's identity as one 64-bit word (its pid and start time), for ownership words in shared memory that must
 * be recognisable as orphaned once their owner has died, even after the pid was reused. The wide values' writer lock
 * uses it, and so can structures that hand out resources to processes.
 */
public final class ProcessIdentity
{
    private ProcessIdentity()
    {
    }

    /**
     * @return the token of this JVM; never 0.
     */
    public static long current()
    {
        return OwnerToken.CURRENT;
    }

    /**
     * Asks the operating system whether the process a token names still runs; a zombie (killed but not yet reaped)
     * counts as dead. Costs a look into {@code /proc}.
     *
     * @param token a token from {@link #current()} of some process.
     * @return false if no process has that pid, it is a zombie, or the process with that pid started at another time.
     */
    public static boolean isAlive(final long token)
    {
        return OwnerToken.isAlive(token);
    }

    /**
     * @param token a token.
     * @return the pid it names.
     */
    public static long pid(final long token)
    {
        return token >>> 32;
    }
}
