package io.sharedatomic;

import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sharedatomic.testkit.Tasks;

/**
 * Entry point of the child JVMs that the multi-process tests start; each command does one job on a region given by
 * path and prints its results, one per line, for the parent to check.
 */
final class ChildMain
{
    private static final int THREADS = 4;

    private ChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "add":
                add(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), args[5]);
                break;
            case "cas-flag":
                casFlag(Path.of(args[1]), Integer.parseInt(args[2]), args[3]);
                break;
            case "read":
                System.out.println(SharedRegion.attachReadOnly(Path.of(args[1])).entry(args[2]).orElseThrow().value());
                break;
            case "create-names":
                createNames(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            case "deserialize":
                deserializeAndAdd(Path.of(args[1]), Long.parseLong(args[2]));
                break;
            case "bytes-subtract":
                bytesSubtract(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            case "string-cas":
                stringCas(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            case "wide-cas":
                wideCas(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "wide-read":
                wideRead(Path.of(args[1]), Long.parseLong(args[2]));
                break;
            case "wide-write-forever":
                wideWriteForever(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** {@code count} tasks on a pool, each adding {@code delta} to a long or ulong. */
    private static void add(final Path path, final String name, final int count, final long delta, final String type) throws Exception
    {
        try (SharedRegion region = SharedRegion.open(path))
        {
            final AbstractSharedLong<?> value = "ulong".equals(type) ? region.sharedULong(name) : region.sharedLong(name);
            runTasks(count, task -> value.addAndGet(delta));
        }
    }

    /**
     * {@code count} tasks race to flip one flag with the original's compare_and_set form (each pool thread has its own
     * expected value, reset to false before each try); winners count themselves, and every task stores pi.
     */
    private static void casFlag(final Path path, final int count, final String jvmId) throws Exception
    {
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedBoolean flag = region.sharedBoolean("flag");
            final SharedLong winners = region.sharedLong("winners");
            final SharedDouble pi = region.sharedDouble("pi", Math.E);
            final SharedDouble piSource = region.sharedDouble("pi-source", Math.PI);
            final ThreadLocal<SharedBoolean> expected = ThreadLocal.withInitial(() ->
                region.sharedBoolean("expected-" + jvmId + "-" + Thread.currentThread().getName(), false));
            runTasks(count, task ->
            {
                final SharedBoolean mine = expected.get();
                mine.set(false);
                if (flag.compareAndSet(mine, true))
                {
                    winners.incrementAndGet();
                }
                pi.store(piSource);
            });
        }
    }

    /**
     * Creator {@code creator} of {@code parties} in {@link CreationRace}: waits for the other children, races them to
     * create the region file itself, then to create the same names round after round. Prints the rounds it ran; what
     * it got is in the control region, for the parent to check.
     */
    private static void createNames(final Path path, final Path controlPath, final int creator, final int parties)
    {
        try (SharedRegion control = SharedRegion.attach(controlPath))
        {
            CreationRace.startTogether(control, parties);
            try (SharedRegion region = SharedRegion.open(path, CreationRace.RACE_SPEC))
            {
                System.out.println(CreationRace.create(region, control, creator, parties));
            }
        }
    }

    private static void deserializeAndAdd(final Path file, final long delta) throws Exception
    {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file)))
        {
            final SharedLong value = (SharedLong)in.readObject();
            System.out.println(value.addAndGet(delta));
        }
    }

    /** The original's README demo: tasks each subtract 0x0F from a 7-byte value shaped from "ab" with "012". */
    private static void bytesSubtract(final Path path, final int count) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedBytes value = region.sharedBytes("demo", Shaping.shape(
                "ab".getBytes(StandardCharsets.US_ASCII), 7, Side.RIGHT, "012".getBytes(StandardCharsets.US_ASCII), Side.RIGHT));
            final byte[] operand = {0x0F};
            runTasks(count, task -> value.subtractAndGet(operand));
        }
    }

    /** Tasks race to change "ab" to "cd" with the original's form, each with its own expected value; winners count. */
    private static void stringCas(final Path path, final int count) throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedString value = region.sharedString("s", "ab");
            final SharedLong winners = region.sharedLong("winners");
            final ThreadLocal<SharedString> expected = ThreadLocal.withInitial(() ->
                region.sharedString("expected-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getName(), "ab"));
            runTasks(count, task ->
            {
                final SharedString mine = expected.get();
                mine.set("ab");
                if (value.compareAndSet(mine, "cd"))
                {
                    winners.incrementAndGet();
                }
            });
        }
    }

    private static SharedWideBytes wideValue(final SharedRegion region)
    {
        return region.sharedWideBytes("wide", WidePattern.CAPACITY, WidePattern.make(0, 0));
    }

    /** Increments the count inside a self-checking wide value by compare-and-set; prints the successes. */
    private static void wideCas(final Path path, final int writer, final int operations)
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedWideBytes wide = wideValue(region);
            long successes = 0;
            for (int i = 0; i < operations; i++)
            {
                final byte[] current = wide.get();
                if (wide.compareAndSet(current, WidePattern.make(WidePattern.check(current) + 1, writer)))
                {
                    successes++;
                }
            }
            System.out.println(successes);
        }
    }

    /** Reads and checks the wide value until the time is up, half the time without allocating; prints the reads. */
    private static void wideRead(final Path path, final long millis)
    {
        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            final SharedWideBytes wide = wideValue(region);
            final byte[] into = new byte[WidePattern.CAPACITY];
            final long end = System.nanoTime() + millis * 1_000_000;
            long reads = 0;
            while (System.nanoTime() < end)
            {
                if ((reads & 1) == 0)
                {
                    WidePattern.check(wide.get());
                }
                else
                {
                    WidePattern.check(into, wide.get(into));
                }
                reads++;
            }
            System.out.println(reads);
        }
    }

    /** Writes ever newer self-checking values until killed. */
    private static void wideWriteForever(final Path path, final int writer)
    {
        final SharedRegion region = SharedRegion.attach(path);
        final SharedWideBytes wide = wideValue(region);
        long count = WidePattern.check(wide.get());
        System.out.println("started");
        System.out.flush();
        while (true)
        {
            wide.set(WidePattern.make(++count, writer));
        }
    }

    private static void runTasks(final int count, final Tasks.Action task) throws Exception
    {
        Tasks.run(count, THREADS, task);
    }
}
