package io.sharedatomic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import io.sharedatomic.internal.NativeMemory;
import io.sharedatomic.internal.RegionMemory;
import io.sharedatomic.layout.DirectoryDescriptor;
import io.sharedatomic.layout.EntryDescriptor;
import io.sharedatomic.layout.RegionDescriptor;

/**
 * The create-or-attach race that {@code RegistryTest} runs with threads and {@code MultiProcessTest} with JVMs
 * ({@code ChildMain create-names}), and its check: when creators race to create the same names, every name has
 * exactly one record, every creator's handle points at it, and no other record is left behind.
 *
 * <p>A registry that published a slot with a plain write instead of a CAS goes wrong only when two creators are
 * between probing a free slot and publishing it at the same moment, a window of a microsecond or so; on a busy machine
 * the creators may also get a single core between them for seconds. So the race is run in rounds of fresh names: the
 * creators leave a spinning barrier together before each round, all start at the round's first name (a collision
 * right after the barrier) and then walk the names with strides of their own (+1, -1, +2, -2), meeting at other
 * names later. Every creator stamps the time around each of its calls, and the rounds go on until {@link #TARGET_RACES}
 * calls for one name really overlapped in time (or {@link #RACE_TIME} passes), so a busy machine gets more rounds,
 * not a weaker test.
 *
 * <p>The control region holds what the creators share besides the raced region: the barrier counters, the number of
 * rounds once creator 0 has decided it, the time stamps and the offset of every handle each creator got. The caller makes it with
 * {@link #createControl} before any creator starts, so that no entry of it is itself raced for.
 */
final class CreationRace
{
    /** Names per round: a prime above every stride, so that each creator's walk visits every name once. */
    static final int NAMES = 7;
    /** Most creators: strides +1, -1, +2, -2; each ORs its own bit into every value. */
    static final int MAX_PARTIES = 4;
    /** Initial value of every raced name: not zero, so a record whose initializer never ran is noticed. */
    static final long INITIAL = 1000L << 32;
    /** Rounds run at least, whatever the races. */
    static final int MIN_ROUNDS = 100;
    /** Rounds run at most: what the raced region has room for. */
    static final int MAX_ROUNDS = 16_000;
    /** Overlapping calls for one name to see before stopping; with a plain-write publication about half go wrong. */
    static final int TARGET_RACES = 60;
    /** Fewer overlapping calls than this prove nothing: such a run fails rather than pass without having raced. */
    static final int MIN_RACES = 10;
    /** Rounds stop after this long even without {@link #TARGET_RACES}. */
    static final Duration RACE_TIME = Duration.ofSeconds(8);
    /** How long a barrier waits for the other creators (a JVM may still be starting). */
    static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Rounds start at most this often, so that on a machine that gives the creators one core between them the rounds
     * last the whole {@link #RACE_TIME}, waiting for a second core, before the raced region is full.
     */
    private static final long ROUND_NANOS = RACE_TIME.toNanos() / MAX_ROUNDS;
    /** A call that took longer was descheduled in the middle, and its overlap with another call is no race. */
    private static final long SHORT_CALL_NANOS = 50_000;
    /** A creator spins this long at a barrier before it starts yielding its core. */
    private static final long SPIN_NANOS = 20_000;

    /** The raced region: twice the room the names need, so that a broken registry fails the check, not for space. */
    static final RegionSpec RACE_SPEC = RegionSpec.defaults().withEntryCapacity(2 * MAX_ROUNDS * NAMES)
        .withDataCapacity(2L * MAX_ROUNDS * NAMES * 128);
    /** The control region: counters and two arrays. */
    static final RegionSpec CONTROL_SPEC = RegionSpec.defaults().withEntryCapacity(16)
        .withDataCapacity(3L * MAX_ROUNDS * NAMES * MAX_PARTIES * Long.BYTES + (1 << 16));

    private static final int SLOTS = MAX_ROUNDS * NAMES * MAX_PARTIES;

    private CreationRace()
    {
    }

    /**
     * What {@link #check} found.
     *
     * @param problems every broken invariant, one line each.
     * @param rounds   rounds the creators ran.
     * @param races    calls for one name by two creators that overlapped in time.
     */
    record Outcome(List<String> problems, int rounds, int races)
    {
        /**
         * @return how many problems, in how much racing, and the first ten.
         */
        String report()
        {
            return problems.size() + " problems in " + rounds + " rounds with " + races + " races, the first: " +
                problems.subList(0, Math.min(10, problems.size()));
        }
    }

    /**
     * Creates every entry of the control region, before any creator attaches to it.
     *
     * @param control a new region of {@link #CONTROL_SPEC}.
     */
    static void createControl(final SharedRegion control)
    {
        control.sharedLong("started");
        control.sharedLong("arrivals");
        control.sharedLong("failed");
        control.sharedLong("rounds");
        control.sharedLongArray("stamps", 2 * SLOTS);
        control.sharedLongArray("offsets", SLOTS);
    }

    /**
     * @param round round number.
     * @param index name of that round, 0 .. NAMES - 1.
     * @return the entry name.
     */
    static String name(final int round, final int index)
    {
        return "race-" + round + "-" + index;
    }

    /**
     * Which name creator {@code creator} creates at step {@code step} of round {@code round}: all start at the same
     * name, which moves on with the round, and each walks with its own stride.
     *
     * @param creator 0 .. MAX_PARTIES - 1.
     * @param round   round number.
     * @param step    0 .. NAMES - 1.
     * @return the name index; every index exactly once over the steps of a round.
     */
    static int nameIndex(final int creator, final int round, final int step)
    {
        final int stride = (creator % 2 == 0 ? 1 : -1) * (1 + creator / 2);
        return Math.floorMod(round + stride * step, NAMES);
    }

    /**
     * Waits for the other creators before the first round (a JVM needs a second or more to start).
     *
     * @param control the control region.
     * @param parties creators.
     */
    static void startTogether(final SharedRegion control, final int parties)
    {
        await(control.sharedLong("started"), control.sharedLong("failed"), parties, 0);
    }

    /**
     * Runs the race as creator {@code creator} of {@code parties}: rounds of fresh names until creator 0 decides that
     * enough calls overlapped. Records the offset of every handle it got and ORs its bit into every value.
     *
     * @param race    the raced region.
     * @param control the control region.
     * @param creator 0 .. parties - 1; creator 0 decides when to stop.
     * @param parties creators, 2 .. MAX_PARTIES.
     * @return rounds run.
     */
    static int create(final SharedRegion race, final SharedRegion control, final int creator, final int parties)
    {
        if (parties < 2 || parties > MAX_PARTIES || creator < 0 || creator >= parties)
        {
            throw new IllegalArgumentException("creator " + creator + " of " + parties + ": 2 to " + MAX_PARTIES + " creators");
        }
        final SharedLong arrivals = control.sharedLong("arrivals");
        final SharedLong roundsRun = control.sharedLong("rounds");
        final SharedLong failed = control.sharedLong("failed");
        final SharedLongArray stamps = control.sharedLongArray("stamps", 2 * SLOTS);
        final SharedLongArray offsets = control.sharedLongArray("offsets", SLOTS);
        final long base = race.memory().address();
        final long mark = 1L << creator;
        final long startedAt = System.nanoTime();
        int races = 0;
        try
        {
            for (int round = 0; ; round++)
            {
                await(arrivals, failed, parties, round);
                // Creator 0 decides during the last round, before it arrives here, so every creator reads the same
                // answer here (a flag would be seen a round early by a creator slow to leave the previous barrier).
                if (round > 0 && roundsRun.get() == round)
                {
                    return round;
                }
                for (int step = 0; step < NAMES; step++)
                {
                    final int index = nameIndex(creator, round, step);
                    final String name = name(round, index);
                    final int slot = slot(round, index, creator);
                    final long before = System.nanoTime();
                    final SharedLong value = race.sharedLong(name, INITIAL);
                    final long after = System.nanoTime();
                    value.orAndGet(mark);
                    stamps.setRelease(2 * slot, before);
                    stamps.setRelease(2 * slot + 1, after);
                    offsets.setRelease(slot, value.address() - base);
                }
                if (creator == 0 && round > 0)
                {
                    // Everyone finished the previous round before this one started.
                    races += races(stamps, round - 1, parties);
                    final boolean enough = round + 1 >= MIN_ROUNDS && races >= TARGET_RACES;
                    if (enough || round + 1 >= MAX_ROUNDS || System.nanoTime() - startedAt > RACE_TIME.toNanos())
                    {
                        roundsRun.set(round + 1);
                    }
                    final long due = startedAt + (round + 1) * ROUND_NANOS;
                    for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime())
                    {
                        LockSupport.parkNanos(early);
                    }
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            // The others would wait for this creator at the next barrier until they time out.
            failed.set(1);
            throw ex;
        }
    }

    /**
     * Checks what the creators left: every name of every round is in the directory once, with the value of every
     * creator's bit; every creator's handle of it points at that one record; the directory holds nothing else; the
     * entry count says the same; and every non-zero byte of the data area belongs to a published record (a creator
     * whose record was lost would leave one there).
     *
     * @param race    the raced region, after every creator is done.
     * @param control the control region.
     * @param parties creators.
     * @return the problems found, and how much racing there was.
     */
    static Outcome check(final SharedRegion race, final SharedRegion control, final int parties)
    {
        final int rounds = (int)control.sharedLong("rounds").get();
        final SharedLongArray stamps = control.sharedLongArray("stamps", 2 * SLOTS);
        final SharedLongArray offsets = control.sharedLongArray("offsets", SLOTS);
        final long base = race.memory().address();
        final long expectedValue = INITIAL | ((1L << parties) - 1);
        final List<String> problems = new ArrayList<>();
        int races = 0;
        final Set<String> expected = new HashSet<>();
        for (int round = 0; round < rounds; round++)
        {
            races += races(stamps, round, parties);
            for (int index = 0; index < NAMES; index++)
            {
                final String name = name(round, index);
                expected.add(name);
                // Looked up first: asking for a handle of a lost name would create it.
                if (race.entry(name).isEmpty())
                {
                    problems.add(name + " is not in the directory");
                    continue;
                }
                final SharedLong published = race.sharedLong(name);
                final long publishedOffset = published.address() - base;
                for (int creator = 0; creator < parties; creator++)
                {
                    final long offset = offsets.get(slot(round, index, creator));
                    if (offset != publishedOffset)
                    {
                        problems.add(name + ": creator " + creator + " got the record at " + offset + ", the directory has " + publishedOffset);
                    }
                }
                if (published.get() != expectedValue)
                {
                    problems.add(name + " is 0x" + Long.toHexString(published.get()) + ", not 0x" + Long.toHexString(expectedValue) +
                        ": a creator's write went to another record");
                }
            }
        }
        final Set<String> seen = new HashSet<>();
        for (final RegionEntry entry : race.entries())
        {
            if (!seen.add(entry.name()))
            {
                problems.add("two directory slots for " + entry.name());
            }
            if (!expected.contains(entry.name()))
            {
                problems.add("unexpected entry " + entry.name());
            }
        }
        final long entryCount = NativeMemory.getVolatile(base + RegionDescriptor.ENTRY_COUNT_OFFSET);
        if (entryCount != expected.size())
        {
            problems.add("the entry count is " + entryCount + ", not " + expected.size() +
                ": creators whose records were not published kept their count");
        }
        problems.addAll(unpublishedRecords(race.memory()));
        return new Outcome(problems, rounds, races);
    }

    /**
     * Walks the data area from its start to the allocation cursor: a published record is skipped whole, anything
     * else must be zero (a creator that lost the race zeroes its record).
     */
    private static List<String> unpublishedRecords(final RegionMemory memory)
    {
        final RegionDescriptor.Shape shape = memory.shape();
        final long base = memory.address();
        final Map<Long, Long> recordEnds = new HashMap<>();
        for (int slot = 0; slot < shape.directoryCapacity(); slot++)
        {
            final long word = NativeMemory.getVolatile(base + shape.directoryOffset() + (long)slot * DirectoryDescriptor.SLOT_LENGTH);
            if (word != 0)
            {
                final long record = DirectoryDescriptor.recordOffset(word);
                final int nameLength = memory.checkedGetInt(record + EntryDescriptor.NAME_LENGTH_OFFSET, "name length");
                final int formatLength = memory.checkedGetInt(record + EntryDescriptor.FORMAT_LENGTH_OFFSET, "format length");
                final long valueLength = memory.checkedGetVolatile(record + EntryDescriptor.VALUE_LENGTH_OFFSET, "value length");
                recordEnds.put(record, EntryDescriptor.recordEnd(record, nameLength, formatLength, valueLength, shape.valueAlignment()));
            }
        }
        final List<String> problems = new ArrayList<>();
        final long cursor = NativeMemory.getVolatile(base + RegionDescriptor.ALLOCATION_CURSOR_OFFSET);
        long offset = shape.dataOffset();
        while (offset < cursor)
        {
            final Long end = recordEnds.get(offset);
            if (end != null)
            {
                offset = end;
                continue;
            }
            if (memory.checkedGetVolatile(offset, "data word") != 0)
            {
                problems.add("a record at " + offset + " that no directory slot points to");
                offset = Math.max(offset + Long.BYTES, Math.min(cursor, recordEndOrZero(memory, offset)));
                continue;
            }
            offset += Long.BYTES;
        }
        return problems;
    }

    /**
     * @return where the record that seems to start at {@code offset} ends, or 0 if its lengths make no sense.
     */
    private static long recordEndOrZero(final RegionMemory memory, final long offset)
    {
        final int nameLength = memory.checkedGetInt(offset + EntryDescriptor.NAME_LENGTH_OFFSET, "name length");
        final int formatLength = memory.checkedGetInt(offset + EntryDescriptor.FORMAT_LENGTH_OFFSET, "format length");
        final long valueLength = memory.checkedGetVolatile(offset + EntryDescriptor.VALUE_LENGTH_OFFSET, "value length");
        if (nameLength < 1 || nameLength > EntryDescriptor.MAX_NAME_LENGTH || formatLength < 0 ||
            formatLength > EntryDescriptor.MAX_FORMAT_LENGTH || valueLength < 1 || valueLength > memory.length())
        {
            return 0;
        }
        return EntryDescriptor.recordEnd(offset, nameLength, formatLength, valueLength, memory.shape().valueAlignment());
    }

    /**
     * Names of one round for which two creators' calls overlapped in time, both short enough to have run through.
     */
    private static int races(final SharedLongArray stamps, final int round, final int parties)
    {
        int races = 0;
        for (int index = 0; index < NAMES; index++)
        {
            boolean raced = false;
            for (int a = 0; a < parties && !raced; a++)
            {
                final long aStart = stamps.getAcquire(2 * slot(round, index, a));
                final long aEnd = stamps.getAcquire(2 * slot(round, index, a) + 1);
                for (int b = a + 1; b < parties && !raced; b++)
                {
                    final long bStart = stamps.getAcquire(2 * slot(round, index, b));
                    final long bEnd = stamps.getAcquire(2 * slot(round, index, b) + 1);
                    raced = aEnd - aStart < SHORT_CALL_NANOS && bEnd - bStart < SHORT_CALL_NANOS && aStart - bEnd < 0 && bStart - aEnd < 0;
                }
            }
            if (raced)
            {
                races++;
            }
        }
        return races;
    }

    private static int slot(final int round, final int index, final int creator)
    {
        return (round * NAMES + index) * MAX_PARTIES + creator;
    }

    /**
     * Waits until {@code parties} creators have arrived for round {@code round}. The counter only grows, so one
     * counter serves every round: no creator can arrive for the next round before all have left this one.
     */
    private static void await(final SharedLong arrivals, final SharedLong failed, final int parties, final int round)
    {
        final long target = (long)parties * (round + 1);
        arrivals.incrementAndGet();
        final long arrivedAt = System.nanoTime();
        // Spinning, not parking: a parked creator wakes tens of microseconds after the others, too late to race them.
        while (arrivals.get() < target)
        {
            final long waited = System.nanoTime() - arrivedAt;
            if (failed.get() != 0)
            {
                throw new IllegalStateException("another creator failed");
            }
            if (waited > BARRIER_TIMEOUT.toNanos())
            {
                throw new IllegalStateException("round " + round + ": only " + (arrivals.get() - target + parties) + " of " + parties +
                    " creators arrived within " + BARRIER_TIMEOUT);
            }
            Thread.onSpinWait();
            // More creators than free cores: after a while, let one still on its way here have this core.
            if (waited > SPIN_NANOS)
            {
                Thread.yield();
            }
        }
    }
}
