package io.sharedatomic.examples;

import java.time.Duration;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;

/**
 * Lets all worker processes start their loops together and times them: workers count themselves in, the parent
 * releases them, and each records when it finished.
 */
final class DemoBarrier
{
    private final SharedLong arrived;
    private final SharedLong startNanos;
    private final SharedLong endNanos;
    private final int parties;

    DemoBarrier(final SharedRegion region, final int parties)
    {
        this.arrived = region.sharedLong("demo.barrier.arrived");
        this.startNanos = region.sharedLong("demo.barrier.start-nanos");
        this.endNanos = region.sharedLong("demo.barrier.end-nanos");
        this.parties = parties;
    }

    /** In the parent: waits for all workers, then starts them. */
    void release()
    {
        while (arrived.get() < parties)
        {
            Thread.onSpinWait();
        }
        // System.nanoTime() is one clock for all processes on Linux (CLOCK_MONOTONIC).
        startNanos.set(System.nanoTime());
    }

    /** In a worker: counts itself in and waits for the start. */
    void arriveAndWait()
    {
        arrived.incrementAndGet();
        while (startNanos.get() == 0)
        {
            Thread.onSpinWait();
        }
    }

    /** In a worker: records when it finished. */
    void finished()
    {
        endNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    Duration elapsed()
    {
        return Duration.ofNanos(endNanos.get() - startNanos.get());
    }
}
