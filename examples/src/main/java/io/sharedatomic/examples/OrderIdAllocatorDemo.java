package io.sharedatomic.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.SharedLongArray;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.testkit.ChildJvm;

/**
 * An order-id allocator shared by processes: each claims ids from one {@link SharedBitSet} with
 * {@code claimFirstClear}, holds a few of them briefly, and releases them. An owner table proves the claims: each
 * claim writes the claimant's pid into the id's slot with a compare-and-set from 0, which fails if the id is already
 * held, and each release clears it again, so any id held by two processes at once would show as a conflict.
 *
 * <pre>
 * OrderIdAllocatorDemo [--processes N] [--ids N] [--millis M]      (defaults: 4 processes, 256 ids, 1500 ms)
 * </pre>
 */
public final class OrderIdAllocatorDemo
{
    private static final int HELD_PER_PROCESS = 80;

    private OrderIdAllocatorDemo()
    {
    }

    /**
     * What a run measured.
     *
     * @param claims       ids claimed by all processes.
     * @param releases     ids released.
     * @param fullEvents   times a process found no clear id.
     * @param conflicts    claims of an id another process held, or releases of an id not held (must be 0).
     * @param leftClaimed  ids still set at the end (must be 0: none lost).
     * @param leftOwned    owner slots still set at the end (must be 0).
     */
    record Result(long claims, long releases, long fullEvents, long conflicts, long leftClaimed, long leftOwned)
    {
        boolean passed()
        {
            return claims > 0 && claims == releases && conflicts == 0 && leftClaimed == 0 && leftOwned == 0;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "worker".equals(args[0]))
        {
            work(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            return;
        }
        int processes = 4;
        int ids = 256;
        long millis = 1500;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                case "--ids" -> ids = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Result result = run(processes, ids, millis);
        System.out.printf("%d processes claimed %,d ids and released %,d from a set of %d (found it full %,d times)%n", processes,
            result.claims(), result.releases(), ids, result.fullEvents());
        System.out.printf("ids held by two processes at once: %d; ids lost: %d; owner slots left: %d%n", result.conflicts(),
            result.leftClaimed(), result.leftOwned());
        if (!result.passed())
        {
            System.out.println("FAILED: an id was held twice or lost");
            System.exit(1);
        }
    }

    static Result run(final int processes, final int ids, final long millis) throws Exception
    {
        final Path directory = Files.createTempDirectory("shared-atomic-ids");
        final Path path = directory.resolve("ids.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedBitSet claimed = SharedBitSet.of(region, "orders.ids", ids);
            final SharedLongArray owners = region.sharedLongArray("orders.owners", ids);
            final DemoBarrier barrier = new DemoBarrier(region, processes);
            final List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < processes; i++)
            {
                children.add(ChildJvm.start(OrderIdAllocatorDemo.class, "worker", path.toString(), Integer.toString(ids), Long.toString(millis)));
            }
            barrier.release();
            long claims = 0;
            long releases = 0;
            long full = 0;
            long conflicts = 0;
            for (final ChildJvm child : children)
            {
                final String[] stats = child.await(Duration.ofMinutes(2)).assertSuccess().stdout().strip().split(" ");
                claims += Long.parseLong(stats[0]);
                releases += Long.parseLong(stats[1]);
                full += Long.parseLong(stats[2]);
                conflicts += Long.parseLong(stats[3]);
            }
            long owned = 0;
            for (int id = 0; id < ids; id++)
            {
                owned += owners.get(id) != 0 ? 1 : 0;
            }
            return new Result(claims, releases, full, conflicts, claimed.cardinality(), owned);
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static void work(final Path path, final int ids, final long millis)
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedBitSet claimed = SharedBitSet.of(region, "orders.ids", ids);
            final SharedLongArray owners = region.sharedLongArray("orders.owners", ids);
            final long pid = ProcessHandle.current().pid();
            final long[] held = new long[HELD_PER_PROCESS];
            int heldCount = 0;
            long claims = 0;
            long releases = 0;
            long full = 0;
            long conflicts = 0;
            final DemoBarrier barrier = new DemoBarrier(region, 0);
            barrier.arriveAndWait();
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < end)
            {
                if (heldCount < HELD_PER_PROCESS)
                {
                    final long id = claimed.claimFirstClear();
                    if (id < 0)
                    {
                        full++;
                    }
                    else
                    {
                        claims++;
                        // The proof: nobody else may hold this id right now.
                        conflicts += owners.compareAndSet((int)id, 0, pid) ? 0 : 1;
                        held[heldCount++] = id;
                        continue;
                    }
                }
                // Release the oldest of the ids held, owner slot first, then the bit.
                final long id = held[0];
                System.arraycopy(held, 1, held, 0, --heldCount);
                conflicts += owners.compareAndSet((int)id, pid, 0) ? 0 : 1;
                conflicts += claimed.release(id) ? 0 : 1;
                releases++;
            }
            while (heldCount > 0)
            {
                final long id = held[--heldCount];
                conflicts += owners.compareAndSet((int)id, pid, 0) ? 0 : 1;
                conflicts += claimed.release(id) ? 0 : 1;
                releases++;
            }
            System.out.println(claims + " " + releases + " " + full + " " + conflicts);
        }
    }
}
