package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedWideBytes;
import io.sharedatomic.SharedWideString;
import io.sharedatomic.ValueType;
import io.sharedatomic.testkit.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests: a child JVM is killed with {@code kill -9} at a random moment, {@value #ROUNDS} times for each of three
 * kinds of work, and after each kill the survivor (this JVM) checks that the work left nothing torn, half made,
 * locked or lost. Each kind reuses one region file for all its rounds, so any damage would accumulate.
 *
 * <p>Victims are started ahead of their round as standbys (up to {@value #STANDBYS} at a time) that attach the region
 * and wait for a gate value, so that the JVMs' start-up overlaps the other rounds; a victim works from its round's
 * gate until it is killed {@code 0 ..} {@value #MAX_KILL_DELAY_MILLIS} ms (seeded) after it printed {@code started},
 * or, for entry creation, when the shared key counter reaches a seeded key of its range. A failure names the seed and
 * the round.
 */
@Tag("slow")
class CrashTest
{
    private static final long SEED = 0x5EED_C4A5_4L;
    private static final int ROUNDS = 17;
    private static final int STANDBYS = 3;
    private static final int MAX_KILL_DELAY_MILLIS = 150;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** Exit status of a JVM killed with SIGKILL. */
    private static final int KILLED = 128 + 9;

    /** Keys an entry-creating victim may take per round: bounds what the region must hold after all rounds. */
    private static final long KEYS_PER_ROUND = 8_000;
    private static final RegionSpec CREATE_SPEC = RegionSpec.defaults().withEntryCapacity(1 << 18).withDataCapacity(48L << 20);
    private static final int SAMPLED_ATTACHES = 64;

    /** Writer id of the survivor's own writes; victims write with their round number. */
    private static final int SURVIVOR = 1_000_000;
    /** How long the next writer may take when the killed writer held the lock: the lock is taken over, not waited on. */
    private static final long TAKEOVER_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final int POOL_CAPACITY = 64;
    private static final int RAW_CAPACITY = 256;
    private static final int SURVIVOR_HELD_IDS = 3;

    @TempDir
    Path tempDir;

    /**
     * (a) Entries: a victim's two threads create {@code n-k} and wide {@code w-k} entries for ever growing keys, racing
     * each other for the same names. After each kill every entry the directory shows is complete and consistent, only
     * the key the victim was working on may be missing, a survivor can create that very name and new ones and attach
     * old ones without waiting, and no name appears twice.
     */
    @Test
    void shouldLeaveNoEntryHalfMadeWhenACreatorIsKilled() throws Exception
    {
        final Path path = tempDir.resolve("create.region");
        try (SharedRegion region = SharedRegion.open(path, CREATE_SPEC))
        {
            final SharedLong nextKey = region.sharedLong(CrashChildMain.NEXT_KEY);
            final Random random = new Random(SEED);
            int midCreation = 0;
            try (Victims victims = new Victims(region, round -> new String[]{"create", path.toString(), Long.toString(round),
                Long.toString(round * KEYS_PER_ROUND)}))
            {
                for (int round = 1; round <= ROUNDS; round++)
                {
                    final String where = "seed " + SEED + " round " + round;
                    final ChildJvm victim = victims.begin(round, where);
                    // Killed when the counter reaches a seeded key in the first three quarters of its range: mid-creation
                    // however fast this machine creates (a time alone let fast victims finish first). While it creates, the
                    // directory must show complete entries only.
                    final long from = nextKey.get();
                    final long aim = from + random.nextLong(Math.max(1, (round * KEYS_PER_ROUND - from) * 3 / 4));
                    victims.killWhen(victim, () -> nextKey.get() >= aim, () -> checkEntries(region, where), where);
                    midCreation += nextKey.get() < round * KEYS_PER_ROUND ? 1 : 0;
                    checkEntriesAfterKill(region, round, random, where);
                }
            }
            // Aimed at a key, a kill misses only if this JVM stalls (a GC pause) while the victim creates the rest of its range.
            assertTrue(midCreation >= ROUNDS / 2, "only " + midCreation + " of " + ROUNDS + " victims were killed while creating");
            // After all rounds every key below the counter exists exactly once, made by a victim or a survivor.
            final Set<String> names = checkEntries(region, "seed " + SEED + " after all rounds");
            for (long key = 0; key < nextKey.get(); key++)
            {
                assertTrue(names.contains(CrashChildMain.LONG_PREFIX + key), "key " + key);
                assertTrue(key % CrashChildMain.WIDE_EVERY != 0 || names.contains(CrashChildMain.WIDE_PREFIX + key), "wide key " + key);
            }
        }
    }

    /**
     * (b) Wide values: a victim increments the counts of two self-checking wide values (a SharedWideBytes and a
     * SharedWideString) by update, under the writer lock, and by set, and that of a third by compare-and-set. Readers see
     * complete values only, before, during and after the kill; no count ever goes back (no publication is lost or
     * undone); and the survivor's next write to each takes well under two seconds, taking over the lock that the dead
     * writer may have left behind.
     */
    @Test
    void shouldKeepWideValuesCompleteAndWritableWhenAWriterIsKilled() throws Exception
    {
        final Path path = tempDir.resolve("write.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedWideBytes bytes = CrashChildMain.wideBytes(region);
            final SharedWideBytes counter = CrashChildMain.wideCounter(region);
            final SharedWideString string = CrashChildMain.wideString(region);
            final Random random = new Random(SEED + 1);
            final long[] last = new long[3];
            long maxWriteNanos = 0;
            try (Victims victims = new Victims(region, round -> new String[]{"write", path.toString(), Long.toString(round)}))
            {
                for (int round = 1; round <= ROUNDS; round++)
                {
                    final String where = "seed " + (SEED + 1) + " round " + round;
                    final ChildJvm victim = victims.begin(round, where);
                    victims.killAfter(victim, random.nextInt(MAX_KILL_DELAY_MILLIS + 1),
                        () -> checkCounts(bytes, counter, string, last, where), where);

                    final long[] counts = checkCounts(bytes, counter, string, last, where);
                    final byte[] counted = counter.get();
                    assertEquals(counts[1], CrashChildMain.checkBytes(counted), where);
                    maxWriteNanos = Math.max(maxWriteNanos, timedWrite(() ->
                        bytes.set(CrashChildMain.bytesPattern(counts[0] + 1, SURVIVOR)), where + ", wide bytes"));
                    maxWriteNanos = Math.max(maxWriteNanos, timedWrite(() ->
                        assertTrue(counter.compareAndSet(counted, CrashChildMain.bytesPattern(counts[1] + 1, SURVIVOR)), where),
                        where + ", wide counter"));
                    maxWriteNanos = Math.max(maxWriteNanos, timedWrite(() ->
                        string.set(CrashChildMain.stringPattern(counts[2] + 1, SURVIVOR)), where + ", wide string"));
                    final long[] written = checkCounts(bytes, counter, string, last, where);
                    for (int i = 0; i < written.length; i++)
                    {
                        assertEquals(counts[i] + 1, written[i], where);
                        last[i] = written[i];
                    }
                }
            }
            assertTrue(maxWriteNanos < TAKEOVER_LIMIT_NANOS, "slowest write after a kill: " + maxWriteNanos / 1_000_000 + " ms");
            for (final long count : last)
            {
                assertTrue(count > 2 * ROUNDS, "the victims hardly wrote: counts " + Arrays.toString(last));
            }
        }
    }

    /** Reads the three wide values, each complete, and checks that no count is below {@code last}. */
    private static long[] checkCounts(final SharedWideBytes bytes, final SharedWideBytes counter, final SharedWideString string,
        final long[] last, final String where)
    {
        final long[] counts = new long[3];
        try
        {
            counts[0] = CrashChildMain.checkBytes(bytes.get());
            counts[1] = CrashChildMain.checkBytes(counter.get());
            counts[2] = CrashChildMain.checkString(string.get());
        }
        catch (final IllegalStateException ex)
        {
            throw new AssertionError(where + ": a reader saw a damaged value: " + ex.getMessage(), ex);
        }
        for (int i = 0; i < counts.length; i++)
        {
            assertTrue(counts[i] >= last[i], where + ": count " + i + " went back from " + last[i] + " to " + counts[i]);
        }
        return counts;
    }

    /**
     * (c) Ids: a victim claims and releases ids of a {@link SharedIdPool} and raw bits of a {@link SharedBitSet},
     * printing each id right after claiming it and right before releasing it. After each kill exactly the ids the dead
     * process held are freed by {@link SharedIdPool#recoverDead()}, no id stays with a dead process, ids of live
     * processes (the survivor and the standby victims, which hold one id each) are untouched, and the survivor can
     * claim every remaining id.
     *
     * <p>A raw {@link SharedBitSet} has no owners: bits that a killed process had claimed stay set for good (they
     * leak), and nothing can tell them from bits of live processes. That is what {@link SharedIdPool}, the documented
     * recovery API, is for. For the raw bits this checks only that they leak no more than the victim held and that the
     * set stays consistent and usable: claims succeed until it is full.
     */
    @Test
    void shouldRecoverExactlyTheIdsOfAKilledClaimer() throws Exception
    {
        final Path path = tempDir.resolve("claim.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, CrashChildMain.POOL, POOL_CAPACITY);
            final SharedBitSet index = SharedBitSet.of(region, CrashChildMain.POOL, POOL_CAPACITY);
            final SharedBitSet raw = SharedBitSet.of(region, CrashChildMain.RAW, RAW_CAPACITY);
            final long self = region.ownerToken();
            final List<Long> survivorIds = new ArrayList<>();
            for (int i = 0; i < SURVIVOR_HELD_IDS; i++)
            {
                survivorIds.add(pool.claim());
            }
            final Random random = new Random(SEED + 2);
            BitSet leaked = new BitSet(RAW_CAPACITY);
            int recoveredTotal = 0;
            try (Victims victims = new Victims(region, round -> new String[]{"claim", path.toString(), Long.toString(round),
                Integer.toString(POOL_CAPACITY), Integer.toString(RAW_CAPACITY)}))
            {
                for (int round = 1; round <= ROUNDS; round++)
                {
                    final String where = "seed " + (SEED + 2) + " round " + round;
                    final ChildJvm victim = victims.begin(round, where);
                    final ChildJvm.Result result = victims.killAfter(victim, random.nextInt(MAX_KILL_DELAY_MILLIS + 1), () -> { }, where);
                    final VictimLog log = VictimLog.parse(result.stdout(), where);

                    // Which ids the dead process holds, as the owner table says, against what it printed.
                    final Set<Long> dead = new TreeSet<>();
                    for (long id = 0; id < POOL_CAPACITY; id++)
                    {
                        if (pool.owner(id) == log.token)
                        {
                            dead.add(id);
                        }
                        // A set index bit always has an owner: claims take the owner first, releases free it last.
                        assertTrue(!index.get(id) || pool.owner(id) != 0, where + ": index bit " + id + " is set but the id has no owner");
                    }
                    assertTrue(dead.containsAll(log.heldIds), where + ": printed as held " + log.heldIds + ", owned " + dead);
                    final Set<Long> unexplained = new TreeSet<>(dead);
                    unexplained.removeAll(log.heldIds);
                    unexplained.remove(log.lastReleasedId);
                    // Beyond what it printed, it can hold one id it claimed but was killed before printing.
                    assertTrue(unexplained.size() <= 1, where + ": dead process owns " + dead + " but printed " + log.heldIds +
                        " as held and " + log.lastReleasedId + " as being released");

                    final int recovered = pool.recoverDead();
                    assertEquals(dead.size(), recovered, where + ": recovered " + recovered + " ids, the dead process held " + dead);
                    recoveredTotal += recovered;
                    for (long id = 0; id < POOL_CAPACITY; id++)
                    {
                        final long owner = pool.owner(id);
                        assertNotEquals(log.token, owner, where + ": id " + id + " is still held by the dead process");
                        assertTrue(owner == 0 || owner == self || region.isOwnerAlive(owner), where + ": id " + id + " owner " + owner);
                    }
                    for (final long id : survivorIds)
                    {
                        assertEquals(self, pool.owner(id), where + ": the survivor's id " + id + " was taken");
                    }
                    claimEveryFreeId(region, pool, self, where);
                    leaked = checkRawBits(raw, leaked, log, where);
                }
            }
            assertTrue(recoveredTotal > ROUNDS / 2, "the victims held only " + recoveredTotal + " ids in all when killed");
            // The standbys were killed too: their ids come back as well, and then the pool holds only the survivor's.
            pool.recoverDead();
            for (final long id : survivorIds)
            {
                pool.release(id);
            }
            assertEquals(0, pool.held());
            assertEquals(-1, index.nextSetBit(0));
        }
    }

    private static Set<String> checkEntries(final SharedRegion region, final String where)
    {
        final Set<String> names = new HashSet<>();
        final HexFormat hex = HexFormat.of();
        for (final RegionEntry entry : region.entries())
        {
            final String name = entry.name();
            assertTrue(names.add(name), where + ": the directory shows '" + name + "' twice");
            if (name.startsWith(CrashChildMain.LONG_PREFIX))
            {
                final long key = Long.parseLong(name.substring(CrashChildMain.LONG_PREFIX.length()));
                assertEquals(ValueType.LONG, entry.type(), where + ": " + entry);
                assertEquals(Long.toString(key), entry.value(), where + ": " + entry);
            }
            else if (name.startsWith(CrashChildMain.WIDE_PREFIX))
            {
                final long key = Long.parseLong(name.substring(CrashChildMain.WIDE_PREFIX.length()));
                assertEquals(0, key % CrashChildMain.WIDE_EVERY, where + ": " + entry);
                assertEquals(ValueType.WIDE_BYTES, entry.type(), where + ": " + entry);
                assertEquals(hex.formatHex(CrashChildMain.createdWide(key)), entry.value(), where + ": " + entry);
            }
            else if (name.startsWith("survivor-"))
            {
                assertEquals(name.substring("survivor-".length()), entry.value(), where + ": " + entry);
            }
            else
            {
                assertTrue(name.equals(CrashChildMain.GO) || name.equals(CrashChildMain.NEXT_KEY), where + ": unexpected " + entry);
                assertEquals(ValueType.LONG, entry.type(), where + ": " + entry);
            }
        }
        return names;
    }

    private static void checkEntriesAfterKill(final SharedRegion region, final int round, final Random random, final String where)
    {
        final Set<String> names = checkEntries(region, where);
        final long nextKey = region.sharedLong(CrashChildMain.NEXT_KEY).get();
        // The counter passes a key only once its entries exist: only the key it shows may be missing, wholly or in part.
        for (long key = 0; key < nextKey; key++)
        {
            assertTrue(names.contains(CrashChildMain.LONG_PREFIX + key),
                where + ": entry " + CrashChildMain.LONG_PREFIX + key + " is missing");
            assertTrue(key % CrashChildMain.WIDE_EVERY != 0 || names.contains(CrashChildMain.WIDE_PREFIX + key),
                where + ": entry " + CrashChildMain.WIDE_PREFIX + key + " is missing");
        }
        for (final String name : names)
        {
            if (name.startsWith(CrashChildMain.LONG_PREFIX) || name.startsWith(CrashChildMain.WIDE_PREFIX))
            {
                final long key = Long.parseLong(name.substring(name.indexOf('-') + 1));
                assertTrue(key <= nextKey, where + ": " + name + " exists but the counter is at " + nextKey);
            }
        }
        // Nothing is stuck half made: the survivor makes (or attaches) the entries of the key the victim was working
        // on, makes a new entry and attaches old ones, without waiting for anybody.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            assertEquals(nextKey, region.sharedLong(CrashChildMain.LONG_PREFIX + nextKey, nextKey).get(), where);
            if (nextKey % CrashChildMain.WIDE_EVERY == 0)
            {
                assertArrayEquals(CrashChildMain.createdWide(nextKey), region.sharedWideBytes(CrashChildMain.WIDE_PREFIX + nextKey,
                    CrashChildMain.CREATED_WIDE_CAPACITY, CrashChildMain.createdWide(nextKey)).get(), where);
            }
            for (int i = 0; i < SAMPLED_ATTACHES && nextKey > 0; i++)
            {
                final long older = (long)(random.nextDouble() * nextKey);
                assertEquals(older, region.sharedLong(CrashChildMain.LONG_PREFIX + older, -1).get(), where);
                final long wide = older - older % CrashChildMain.WIDE_EVERY;
                assertArrayEquals(CrashChildMain.createdWide(wide), region.sharedWideBytes(CrashChildMain.WIDE_PREFIX + wide,
                    CrashChildMain.CREATED_WIDE_CAPACITY, new byte[0]).get(), where);
            }
            final SharedLong created = region.sharedLong("survivor-" + round, round);
            assertEquals(round, created.get(), where);
            assertEquals(round, region.sharedLong("survivor-" + round, -1).get(), where);
        }, where + ": a survivor could not create or attach entries");
    }

    private static long timedWrite(final Runnable write, final String where)
    {
        // Preemptive, so that a lock nobody takes over fails the test instead of hanging it.
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            final long start = System.nanoTime();
            write.run();
            final long nanos = System.nanoTime() - start;
            assertTrue(nanos < TAKEOVER_LIMIT_NANOS, where + ": the write after the kill took " + nanos / 1_000_000 + " ms");
            return nanos;
        }, where + ": a write after the kill is stuck on the dead writer's lock");
    }

    /** Claims ids until the pool says -1, checks that then every id is held by a live process, and gives them back. */
    private static void claimEveryFreeId(final SharedRegion region, final SharedIdPool pool, final long self, final String where)
    {
        final List<Long> claimed = new ArrayList<>();
        for (long id = pool.claim(); id >= 0; id = pool.claim())
        {
            assertEquals(self, pool.owner(id), where);
            claimed.add(id);
            assertTrue(claimed.size() <= POOL_CAPACITY, where + ": claimed more ids than the pool has");
        }
        for (long id = 0; id < POOL_CAPACITY; id++)
        {
            final long owner = pool.owner(id);
            assertTrue(owner == self || owner != 0 && region.isOwnerAlive(owner), where + ": the pool said -1 but id " + id +
                " has owner " + owner);
        }
        assertTrue(claimed.size() >= POOL_CAPACITY - SURVIVOR_HELD_IDS - STANDBYS, where + ": only " + claimed.size() + " ids were free");
        for (final long id : claimed)
        {
            pool.release(id);
        }
    }

    /**
     * The raw bits that were set before stay set (nobody frees a dead process's raw bits), the victim's printed holdings
     * are set, at most one more bit leaked (claimed but not printed, or printed as released but not yet cleared), and
     * claims succeed exactly until the set is full.
     */
    private static BitSet checkRawBits(final SharedBitSet raw, final BitSet leakedBefore, final VictimLog log, final String where)
    {
        final BitSet set = raw.snapshot();
        assertTrue(raw.cardinality() <= RAW_CAPACITY, where);
        final BitSet missing = (BitSet)leakedBefore.clone();
        missing.andNot(set);
        assertTrue(missing.isEmpty(), where + ": raw bits " + missing + " were cleared by nobody");
        final BitSet added = (BitSet)set.clone();
        added.andNot(leakedBefore);
        for (final long bit : log.heldBits)
        {
            assertTrue(added.get((int)bit), where + ": the victim held raw bit " + bit + " but it is clear");
            added.clear((int)bit);
        }
        if (log.lastReleasedBit >= 0)
        {
            added.clear((int)log.lastReleasedBit);
        }
        assertTrue(added.cardinality() <= 1, where + ": raw bits " + added + " are set that the victim did not hold");
        final List<Long> claimed = new ArrayList<>();
        for (long bit = raw.claimFirstClear(); bit >= 0; bit = raw.claimFirstClear())
        {
            assertTrue(!set.get((int)bit), where + ": claimed raw bit " + bit + ", which was set");
            claimed.add(bit);
        }
        assertEquals(RAW_CAPACITY - set.cardinality(), claimed.size(), where + ": claims before the raw set was full");
        assertEquals(RAW_CAPACITY, raw.cardinality(), where);
        for (final long bit : claimed)
        {
            assertTrue(raw.release(bit), where);
        }
        assertEquals(set, raw.snapshot(), where);
        return set;
    }

    /** What a claiming victim printed: its token, the ids and raw bits it held, and what it was releasing last. */
    private static final class VictimLog
    {
        long token;
        final Set<Long> heldIds = new HashSet<>();
        final Set<Long> heldBits = new HashSet<>();
        long lastReleasedId = -1;
        long lastReleasedBit = -1;

        static VictimLog parse(final String stdout, final String where)
        {
            final VictimLog log = new VictimLog();
            // A line cut off by the kill does not count: the claim or release it reports may or may not have happened.
            final String complete = stdout.substring(0, stdout.lastIndexOf('\n') + 1);
            for (final String line : complete.split("\n"))
            {
                final String[] parts = line.split(" ");
                final long value = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
                switch (parts[0])
                {
                    case "token":
                        log.token = value;
                        break;
                    case "C":
                        assertTrue(log.heldIds.add(value), where + ": the victim claimed id " + value + " while holding it");
                        break;
                    case "R":
                        assertTrue(log.heldIds.remove(value), where + ": the victim released id " + value + " it did not hold");
                        log.lastReleasedId = value;
                        break;
                    case "B":
                        assertTrue(log.heldBits.add(value), where + ": the victim claimed raw bit " + value + " while holding it");
                        break;
                    case "b":
                        assertTrue(log.heldBits.remove(value), where + ": the victim released raw bit " + value + " it did not hold");
                        log.lastReleasedBit = value;
                        break;
                    case "started":
                        break;
                    default:
                        fail(where + ": unexpected output " + line);
                }
            }
            assertNotEquals(0, log.token, where + ": the victim printed no token");
            return log;
        }
    }

    /**
     * The victims of one kind: each started ahead of its round as a standby that waits for the gate, so that JVM start-up
     * overlaps earlier rounds; killed at the end of its round; standbys killed on close.
     */
    private static final class Victims implements AutoCloseable
    {
        private final SharedLong go;
        private final LongFunction<String[]> argsOfRound;
        private final ArrayDeque<ChildJvm> standbys = new ArrayDeque<>();
        private long nextRoundToStart = 1;

        Victims(final SharedRegion region, final LongFunction<String[]> argsOfRound)
        {
            this.go = region.sharedLong(CrashChildMain.GO);
            this.argsOfRound = argsOfRound;
        }

        /** Opens the gate for {@code round} and waits until its victim prints {@code started}. */
        ChildJvm begin(final long round, final String where) throws Exception
        {
            while (nextRoundToStart < round + STANDBYS)
            {
                standbys.add(ChildJvm.start(CrashChildMain.class, argsOfRound.apply(nextRoundToStart++)));
            }
            final ChildJvm victim = standbys.poll();
            go.set(round);
            final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!victim.stdoutSoFar().contains("started\n"))
            {
                if (!victim.process().isAlive())
                {
                    fail(where + ": the victim died before it started\n" + describe(victim.await(EXIT_TIMEOUT)));
                }
                if (System.nanoTime() > deadline)
                {
                    victim.process().destroyForcibly();
                    fail(where + ": the victim did not start within " + START_TIMEOUT + "\n" + describe(victim.await(EXIT_TIMEOUT)));
                }
                Thread.sleep(2);
            }
            return victim;
        }

        /** Runs {@code meanwhile} repeatedly for {@code delayMillis}, then kills the victim with SIGKILL and reaps it. */
        ChildJvm.Result killAfter(final ChildJvm victim, final long delayMillis, final Runnable meanwhile, final String where)
            throws Exception
        {
            final long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
            return killWhen(victim, () -> System.nanoTime() - killAt >= 0, meanwhile, where);
        }

        /**
         * Runs {@code meanwhile} repeatedly until {@code due} holds (or {@link #START_TIMEOUT} passed), then kills the
         * victim with SIGKILL and reaps it. A thread of its own watches {@code due} and kills, so the kill lands where it
         * was aimed however long one run of {@code meanwhile} takes.
         */
        ChildJvm.Result killWhen(final ChildJvm victim, final BooleanSupplier due, final Runnable meanwhile, final String where)
            throws Exception
        {
            final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            final AtomicBoolean aliveAtKill = new AtomicBoolean();
            final Thread killer = new Thread(() ->
            {
                while (!due.getAsBoolean() && System.nanoTime() - deadline < 0)
                {
                    LockSupport.parkNanos(50_000);
                }
                aliveAtKill.set(victim.process().isAlive());
                victim.process().destroyForcibly();
            }, "killer");
            killer.start();
            while (killer.isAlive())
            {
                meanwhile.run();
                Thread.sleep(1);
            }
            killer.join();
            if (!aliveAtKill.get())
            {
                fail(where + ": the victim stopped before it was killed\n" + describe(victim.await(EXIT_TIMEOUT)));
            }
            final ChildJvm.Result result = victim.await(EXIT_TIMEOUT);
            assertEquals(KILLED, result.exitCode(), where + ": the victim was not killed by SIGKILL\n" + describe(result));
            return result;
        }

        private static String describe(final ChildJvm.Result result)
        {
            return "exit " + result.exitCode() + "\n--- stdout (end) ---\n" + tail(result.stdout()) + "\n--- stderr ---\n" +
                result.stderr();
        }

        private static String tail(final String text)
        {
            return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
        }

        @Override
        public void close() throws IOException
        {
            for (final ChildJvm standby : standbys)
            {
                standby.process().destroyForcibly();
            }
            try
            {
                for (final ChildJvm standby : standbys)
                {
                    standby.await(EXIT_TIMEOUT);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            standbys.clear();
        }
    }
}
