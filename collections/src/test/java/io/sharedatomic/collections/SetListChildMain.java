package io.sharedatomic.collections;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.testkit.Tasks;

/**
 * Entry point of the child JVMs that {@link SetListMultiProcessTest} starts: the original's test_process_atomic for
 * sets and lists. Each command attaches a region by path, races compare-and-sets on its value and prints two lines for
 * the parent: how many of its tasks won, and the value it read at the end.
 */
final class SetListChildMain
{
    private static final int THREADS = 4;

    private SetListChildMain()
    {
    }

    /**
     * @param args {@code set-cas|list-cas <region path> <tasks> <jvm id>}.
     * @throws Exception if a task fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[1]);
        final int tasks = Integer.parseInt(args[2]);
        final String jvmId = args[3];
        switch (args[0])
        {
            case "set-cas":
                setCas(path, tasks, jvmId);
                break;
            case "list-cas":
                listCas(path, tasks, jvmId);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * Each task builds its own expected set {'ab'} (as each of the original's threads built a fresh atomic_set) and
     * tries to swap the shared {'ab'} for {'cd'}; winners count themselves in the shared counter.
     */
    private static void setCas(final Path path, final int tasks, final String jvmId) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedSet value = SharedSet.of(region, "value", Set.of("ab"));
            final SharedLong winners = region.sharedLong("winners");
            final AtomicLong mine = new AtomicLong();
            runTasks(tasks, task ->
            {
                final SharedSet expected = SharedSet.of(region, "expected-" + jvmId + "-" + task, Set.of("ab"));
                if (value.compareAndSet(expected, Set.of("cd")))
                {
                    winners.incrementAndGet();
                    mine.incrementAndGet();
                }
            });
            System.out.println(mine.get());
            System.out.println(value.get());
        }
    }

    /** The same with lists; the original passed the set literal {'ab'}, which became ['ab']. */
    private static void listCas(final Path path, final int tasks, final String jvmId) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedList value = SharedList.of(region, "value", List.of("ab"));
            final SharedLong winners = region.sharedLong("winners");
            final AtomicLong mine = new AtomicLong();
            runTasks(tasks, task ->
            {
                final SharedList expected = SharedList.of(region, "expected-" + jvmId + "-" + task, List.of("ab"));
                if (value.compareAndSet(expected, List.of("cd")))
                {
                    winners.incrementAndGet();
                    mine.incrementAndGet();
                }
            });
            System.out.println(mine.get());
            System.out.println(value.get());
        }
    }

    private static void runTasks(final int count, final Tasks.Action task) throws Exception
    {
        Tasks.run(count, THREADS, task);
    }
}
