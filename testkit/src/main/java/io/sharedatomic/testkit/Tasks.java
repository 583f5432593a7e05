package io.sharedatomic.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs many small tasks on a fixed pool of threads: the Java form of the original's "10,000 threads, one operation
 * each" harness, which gives the same totals without starting 10,000 threads.
 */
public final class Tasks
{
    private Tasks()
    {
    }

    /**
     * One task, given its index.
     *
     * @param <T> what it returns.
     */
    @FunctionalInterface
    public interface Task<T>
    {
        /**
         * @param index 0 .. count - 1.
         * @return the task's result.
         * @throws Exception to fail the run.
         */
        T call(int index) throws Exception;
    }

    /**
     * One task without a result, given its index.
     */
    @FunctionalInterface
    public interface Action
    {
        /**
         * @param index 0 .. count - 1.
         * @throws Exception to fail the run.
         */
        void run(int index) throws Exception;
    }

    /**
     * @param count   tasks to run.
     * @param threads pool size.
     * @param action  the task.
     * @throws Exception the first task's failure, unwrapped.
     */
    public static void run(final int count, final int threads, final Action action) throws Exception
    {
        call(count, threads, index ->
        {
            action.run(index);
            return null;
        });
    }

    /**
     * @param count   tasks to run.
     * @param threads pool size.
     * @param task    the task.
     * @param <T>     what a task returns.
     * @return the results in task order.
     * @throws Exception the first task's failure, unwrapped.
     */
    public static <T> List<T> call(final int count, final int threads, final Task<T> task) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                final int index = i;
                futures.add(pool.submit(() -> task.call(index)));
            }
            final List<T> results = new ArrayList<>(count);
            for (final Future<T> future : futures)
            {
                try
                {
                    results.add(future.get());
                }
                catch (final ExecutionException ex)
                {
                    if (ex.getCause() instanceof Exception cause)
                    {
                        throw cause;
                    }
                    throw ex;
                }
            }
            return results;
        }
        finally
        {
            pool.shutdown();
            if (!pool.awaitTermination(1, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("tasks did not finish within a minute");
            }
        }
    }
}
