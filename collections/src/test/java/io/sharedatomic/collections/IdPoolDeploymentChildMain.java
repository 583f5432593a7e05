package io.sharedatomic.collections;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;

/**
 * Entry point of the child JVMs of {@link IdPoolDeploymentTest}: a holder that claims ids and keeps its region open
 * while it holds them, and a recoverer that calls {@link SharedIdPool#recoverDead()} and claims what it can. The
 * parent moves them on with the region's {@link #PHASE} value. Every line is flushed when printed.
 *
 * <p>Commands:
 * <ul>
 * <li>{@code hold PATH COUNT [reattach]}: claims COUNT ids (with {@code reattach}, then attaches the file read-only
 * and read-write again and closes both) and prints {@code held id...}; once {@link #PHASE} reaches 1,
 * checks that the pool still names it as each id's owner and prints {@code kept k lost l} (and {@code lost-id id
 * owner-now token} for each lost one) and {@code checked}; once it reaches 3, releases its ids and prints
 * {@code released failures f}.</li>
 * <li>{@code recover PATH ROUNDS WAIT}: calls recoverDead ROUNDS times, 100 ms apart, and prints {@code recovered n}
 * (the sum); claims every id it can and prints {@code claimed id...}; releases them and prints {@code released}.
 * With WAIT {@code true} it then waits for {@link #PHASE} 2 (the holder was killed) and calls recoverDead until no
 * id is held or 5 s passed; prints {@code after-kill recovered n millis t held h}.</li>
 * </ul>
 */
final class IdPoolDeploymentChildMain
{
    static final String POOL = "ids";
    static final int CAPACITY = 16;
    static final String PHASE = "phase";

    private static final long GATE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long AFTER_KILL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private IdPoolDeploymentChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[1]);
        switch (args[0])
        {
            case "hold":
                hold(path, Integer.parseInt(args[2]), args.length > 3 && "reattach".equals(args[3]));
                break;
            case "recover":
                recover(path, Integer.parseInt(args[2]), Boolean.parseBoolean(args[3]));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void hold(final Path path, final int count, final boolean reattach) throws Exception
    {
        // Open for as long as the ids are held: closing the region may give them up.
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, POOL, CAPACITY);
            final SharedLong phase = region.sharedLong(PHASE);
            final long[] ids = new long[count];
            final long[] tokens = new long[count];
            final StringBuilder held = new StringBuilder("held");
            for (int i = 0; i < count; i++)
            {
                ids[i] = pool.claim();
                if (ids[i] < 0)
                {
                    throw new IllegalStateException("no free id for claim " + i + " of " + pool);
                }
                tokens[i] = pool.owner(ids[i]);
                held.append(' ').append(ids[i]);
            }
            if (reattach)
            {
                // More region objects of the same file, opened and closed while the first stays open: the ids must
                // stay held (a lease kept as a POSIX record lock is dropped when ANY descriptor of the file closes).
                SharedRegion.attachReadOnly(path).close();
                SharedRegion.attach(path).close();
            }
            print(held.toString());

            awaitPhase(phase, 1);
            int kept = 0;
            final StringBuilder lost = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                final long owner = pool.owner(ids[i]);
                if (owner == tokens[i])
                {
                    kept++;
                }
                else
                {
                    lost.append("lost-id ").append(ids[i]).append(" owner-now ").append(owner).append('\n');
                }
            }
            print("kept " + kept + " lost " + (count - kept) + "\n" + lost + "checked");

            awaitPhase(phase, 3);
            int failures = 0;
            for (final long id : ids)
            {
                try
                {
                    pool.release(id);
                }
                catch (final IllegalStateException ex)
                {
                    failures++;
                }
            }
            print("released failures " + failures);
        }
    }

    private static void recover(final Path path, final int rounds, final boolean waitForKill) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, POOL, CAPACITY);
            int recovered = 0;
            for (int round = 0; round < rounds; round++)
            {
                if (round > 0)
                {
                    Thread.sleep(100);
                }
                recovered += pool.recoverDead();
            }
            print("recovered " + recovered);

            final List<Long> claimed = new ArrayList<>();
            for (long id = pool.claim(); id >= 0; id = pool.claim())
            {
                claimed.add(id);
            }
            final StringBuilder line = new StringBuilder("claimed");
            for (final long id : claimed)
            {
                line.append(' ').append(id);
            }
            print(line.toString());
            for (final long id : claimed)
            {
                pool.release(id);
            }
            print("released");

            if (waitForKill)
            {
                awaitPhase(region.sharedLong(PHASE), 2);
                final long start = System.nanoTime();
                int afterKill = 0;
                while (true)
                {
                    afterKill += pool.recoverDead();
                    if (pool.held() == 0 || System.nanoTime() - start > AFTER_KILL_LIMIT_NANOS)
                    {
                        break;
                    }
                    Thread.sleep(5);
                }
                print("after-kill recovered " + afterKill + " millis " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) +
                    " held " + pool.held());
            }
        }
    }

    private static void awaitPhase(final SharedLong phase, final long atLeast) throws InterruptedException
    {
        final long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
        while (phase.get() < atLeast)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out waiting for phase " + atLeast);
            }
            Thread.sleep(1);
        }
    }

    private static void print(final String text)
    {
        System.out.println(text);
        System.out.flush();
    }
}
