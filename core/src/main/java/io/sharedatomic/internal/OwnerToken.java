package io.sharedatomic.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * Identifies a process in a 64-bit word: its pid in the high half and the low 32 bits of its start time in
 * milliseconds in the low half, so that a lock word left by a process killed with {@code kill -9} can be recognised
 * as dead even after the pid was reused.
 */
public final class OwnerToken
{
    /** The token of this JVM; never 0, since pids are positive. */
    public static final long CURRENT = tokenOf(ProcessHandle.current());

    private OwnerToken()
    {
    }

    private static long tokenOf(final ProcessHandle process)
    {
        return (process.pid() << 32) | startStamp(process.info().startInstant());
    }

    private static long startStamp(final Optional<Instant> start)
    {
        // 0 means "start time unknown": the pid alone then decides.
        return start.map(instant -> instant.toEpochMilli() & 0xFFFF_FFFFL).orElse(0L);
    }

    /**
     * Asks the operating system whether the process a token names still runs. Costs a look into {@code /proc}: call
     * it only after waiting a while for a lock.
     *
     * @param token an owner token.
     * @return false if no process has that pid, or the process with that pid started at another time.
     */
    public static boolean isAlive(final long token)
    {
        final long pid = token >>> 32;
        final long stamp = token & 0xFFFF_FFFFL;
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        final long actual = startStamp(process.get().info().startInstant());
        return stamp == 0 || actual == 0 || actual == stamp;
    }
}
