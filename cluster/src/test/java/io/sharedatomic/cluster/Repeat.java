package io.sharedatomic.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * For child JVMs: repeats a call that is safe to repeat (creating or attaching a cluster value) while the cluster does
 * not answer it in time, as a cold JVM's first requests on a busy machine may not, for up to 30 s.
 */
final class Repeat
{
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Repeat()
    {
    }

    static <T> T untilAnswered(final Supplier<T> call)
    {
        final long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (true)
        {
            try
            {
                return call.get();
            }
            catch (final ClusterUnavailableException | OutcomeUnknownException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
