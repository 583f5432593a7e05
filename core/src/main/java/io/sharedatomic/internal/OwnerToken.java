package io.sharedatomic.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid))
        {
            return false;
        }
        final long actual = startStamp(process.get().info().startInstant());
        return stamp == 0 || actual == 0 || actual == stamp;
    }

    /**
     * A process killed with {@code kill -9} stays in the process table as a zombie until its parent reaps it, and
     * the JDK reports a zombie as alive; on Linux its state letter in {@code /proc/<pid>/stat} says otherwise.
     */
    private static boolean isZombie(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            final int commandEnd = stat.lastIndexOf(')');
            final char state = commandEnd > 0 && commandEnd + 2 < stat.length() ? stat.charAt(commandEnd + 2) : '?';
            return state == 'Z' || state == 'X';
        }
        catch (final IOException ex)
        {
            // No /proc (not Linux), or the process just went away: the JDK's answer stands.
            return false;
        }
    }
}
