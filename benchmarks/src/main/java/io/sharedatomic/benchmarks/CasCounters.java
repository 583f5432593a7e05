package io.sharedatomic.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread counts of a contended CAS loop's attempts, which JMH sums over the threads of each iteration and reports
 * next to the score ({@code casFailures / casSuccesses} is the retry rate).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CasCounters
{
    /** CAS attempts that lost to the other thread. */
    public long casFailures;
    /** CAS attempts that won: one per operation. */
    public long casSuccesses;

    /**
     * JMH reads the counters after each iteration and leaves resetting them to us.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        casFailures = 0;
        casSuccesses = 0;
    }
}
