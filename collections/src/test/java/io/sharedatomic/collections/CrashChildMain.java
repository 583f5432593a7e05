package io.sharedatomic.collections;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedWideBytes;
import io.sharedatomic.SharedWideString;

/**
 * Entry point of the victims that {@link CrashTest} kills with {@code kill -9}, and of the id holders of
 * {@link SharedIdPoolTest}. A victim attaches its region, prepares, and waits as a standby until the region's
 * {@link #GO} value reaches its round; then it prints {@code started} and works until it is killed. Everything it
 * prints is flushed at once, so the parent sees each line the moment it is written. The self-checking values that
 * victims write and survivors verify are defined here, for both sides.
 */
final class CrashChildMain
{
    /** Name of the gate: a victim starts working when it reaches the victim's round. */
    static final String GO = "go";
    /** Name of the key counter of the entry-creating victims. */
    static final String NEXT_KEY = "next-key";
    /** Prefix of the SharedLong entries an entry-creating victim makes; "n-k" holds k. */
    static final String LONG_PREFIX = "n-";
    /** Prefix of the SharedWideBytes entries an entry-creating victim makes, every {@link #WIDE_EVERY}th key. */
    static final String WIDE_PREFIX = "w-";
    /** Every this many keys the entry-creating victim also makes a wide value. */
    static final int WIDE_EVERY = 4;
    /** Capacity of the wide values of the entry-creating victims. */
    static final int CREATED_WIDE_CAPACITY = 64;

    /** Name of the SharedWideBytes a writing victim overwrites with {@link #bytesPattern}. */
    static final String WIDE_BYTES = "wide-bytes";
    /** Name of the SharedWideBytes a writing victim increments by compare-and-set. */
    static final String WIDE_COUNTER = "wide-counter";
    /** Name of the SharedWideString a writing victim overwrites with {@link #stringPattern}. */
    static final String WIDE_STRING = "wide-string";
    /** Capacity of {@link #WIDE_BYTES} and {@link #WIDE_COUNTER}. */
    static final int WIDE_CAPACITY = 1024;
    /** Capacity of {@link #WIDE_STRING} in UTF-8 bytes. */
    static final int STRING_CAPACITY = 640;

    /** Name of the id pool of the claiming victims. */
    static final String POOL = "pool";
    /** Name of the raw bit set of the claiming victims. */
    static final String RAW = "raw";
    /** Most pool ids a claiming victim holds at once before it gives the oldest back. */
    static final int POOL_HOLD = 3;
    /** Most raw bits a claiming victim holds at once before it gives the oldest back. */
    static final int RAW_HOLD = 2;

    /** Name of the flag that tells id holders of {@link SharedIdPoolTest} to release their ids and exit. */
    static final String EXIT = "exit";

    private static final int BODY_HEADER = 16;
    private static final int CHECKSUM = Long.BYTES;
    private static final long GATE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private CrashChildMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path path = Path.of(args[1]);
        switch (args[0])
        {
            case "create":
                create(path, Long.parseLong(args[2]), Long.parseLong(args[3]));
                break;
            case "write":
                write(path, Long.parseLong(args[2]));
                break;
            case "claim":
                claim(path, Long.parseLong(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
                break;
            case "hold-ids":
                holdIds(path, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /**
     * Two threads create entries {@code n-k} (holding k) and every fourth key also {@code w-k} (wide,
     * {@link #createdWide}), both for the key the shared counter shows, so that they often race for the same name; the
     * counter moves on (by CAS) only once the key's entries exist. After each key a thread attaches an older entry to
     * check it. Creation stops at {@code keyLimit}, so that the region holds every round; the threads then only attach.
     */
    private static void create(final Path path, final long round, final long keyLimit)
    {
        final SharedRegion region = SharedRegion.attach(path);
        final SharedLong nextKey = region.sharedLong(NEXT_KEY);
        if (nextKey.get() > 0)
        {
            // Warm up as a standby, reading only, so that the work starts at full speed at the gate.
            checkOlder(region, 0);
            checkCreatedWide(region, 0);
        }
        for (int t = 0; t < 2; t++)
        {
            final SplittableRandom random = new SplittableRandom(round * 2 + t);
            final Thread thread = new Thread(() ->
            {
                awaitGo(region, round);
                createForever(region, nextKey, keyLimit, random);
            }, "creator-" + t);
            thread.setUncaughtExceptionHandler((failed, ex) ->
            {
                ex.printStackTrace();
                Runtime.getRuntime().halt(2);
            });
            thread.start();
        }
        awaitGo(region, round);
        System.out.println("started");
        System.out.flush();
    }

    private static void createForever(final SharedRegion region, final SharedLong nextKey, final long keyLimit,
        final SplittableRandom random)
    {
        while (true)
        {
            final long key = nextKey.get();
            if (key < keyLimit)
            {
                region.sharedLong(LONG_PREFIX + key, key);
                if (key % WIDE_EVERY == 0)
                {
                    region.sharedWideBytes(WIDE_PREFIX + key, CREATED_WIDE_CAPACITY, createdWide(key));
                }
                nextKey.compareAndSet(key, key + 1);
            }
            final long bound = Math.min(nextKey.get(), keyLimit);
            if (bound > 0)
            {
                // Every key below the counter exists: the counter passes a key only once its entries exist, and earlier
                // rounds' survivors made the entries of the key their victim was working on.
                final long older = random.nextLong(bound);
                checkOlder(region, older);
                checkCreatedWide(region, older - older % WIDE_EVERY);
            }
        }
    }

    private static void checkCreatedWide(final SharedRegion region, final long key)
    {
        if (!Arrays.equals(createdWide(key), region.sharedWideBytes(WIDE_PREFIX + key, CREATED_WIDE_CAPACITY, new byte[0]).get()))
        {
            throw new IllegalStateException("entry " + WIDE_PREFIX + key + " holds the wrong bytes");
        }
    }

    private static void checkOlder(final SharedRegion region, final long older)
    {
        if (region.entry(LONG_PREFIX + older).isEmpty())
        {
            throw new IllegalStateException("entry " + LONG_PREFIX + older + " is missing");
        }
        final long value = region.sharedLong(LONG_PREFIX + older, -1).get();
        if (value != older)
        {
            throw new IllegalStateException("entry " + LONG_PREFIX + older + " holds " + value);
        }
    }

    /**
     * Increments the counts of two self-checking wide values by update and by set, and that of a third by
     * compare-and-set, checking every value it reads.
     */
    private static void write(final Path path, final long round)
    {
        final SharedRegion region = SharedRegion.attach(path);
        final SharedWideBytes bytes = wideBytes(region);
        final SharedWideBytes counter = wideCounter(region);
        final SharedWideString string = wideString(region);
        final int writer = (int)round;
        // Warm up as a standby, reading only.
        checkBytes(bytes.get());
        checkBytes(counter.get());
        checkString(string.get());
        awaitGo(region, round);
        System.out.println("started");
        System.out.flush();
        final byte[] into = new byte[WIDE_CAPACITY];
        for (long i = 0; ; i++)
        {
            // Mostly updates, whose function runs under the writer lock, so that the kill often finds it held.
            if (i % 4 == 0)
            {
                bytes.set(bytesPattern(checkBytes(into, bytes.get(into)) + 1, writer));
            }
            else
            {
                bytes.updateAndGet(value -> bytesPattern(checkBytes(value) + 1, writer));
            }
            final byte[] current = counter.get();
            counter.compareAndSet(current, bytesPattern(checkBytes(current) + 1, writer));
            if (i % 4 == 1)
            {
                string.set(stringPattern(checkString(string.get()) + 1, writer));
            }
            else
            {
                string.updateAndGet(value -> stringPattern(checkString(value) + 1, writer));
            }
        }
    }

    /**
     * Claims and releases ids of the pool and raw bits of the bit set until killed, printing {@code C id} right after
     * each claim and {@code R id} right before each release ({@code B bit} and {@code b bit} for raw bits). As a
     * standby it already holds one pool id, so that survivors see a live holder while they recover a dead one.
     */
    private static void claim(final Path path, final long round, final int poolCapacity, final long rawCapacity)
    {
        final SharedRegion region = SharedRegion.attach(path);
        final SharedIdPool pool = SharedIdPool.of(region, POOL, poolCapacity);
        final SharedBitSet raw = SharedBitSet.of(region, RAW, rawCapacity);
        final PrintStream out = System.out;
        out.println("token " + region.ownerToken());
        out.flush();
        final ArrayDeque<Long> ids = new ArrayDeque<>();
        final ArrayDeque<Long> bits = new ArrayDeque<>();
        final long standbyId = pool.claim();
        if (standbyId >= 0)
        {
            out.println("C " + standbyId);
            out.flush();
            ids.add(standbyId);
        }
        awaitGo(region, round);
        out.println("started");
        out.flush();
        final SplittableRandom random = new SplittableRandom(round);
        while (true)
        {
            final long id = pool.claim();
            if (id >= 0)
            {
                out.println("C " + id);
                out.flush();
                if (pool.owner(id) != region.ownerToken())
                {
                    throw new IllegalStateException("claimed id " + id + " but its owner is " + pool.owner(id));
                }
                ids.add(id);
            }
            if (ids.size() > random.nextInt(POOL_HOLD + 1) || (id < 0 && !ids.isEmpty()))
            {
                final long released = ids.poll();
                out.println("R " + released);
                out.flush();
                pool.release(released);
            }
            final long bit = raw.claimFirstClear();
            if (bit >= 0)
            {
                out.println("B " + bit);
                out.flush();
                bits.add(bit);
            }
            if (bits.size() > random.nextInt(RAW_HOLD + 1) || (bit < 0 && !bits.isEmpty()))
            {
                final long released = bits.poll();
                out.println("b " + released);
                out.flush();
                if (!raw.release(released))
                {
                    throw new IllegalStateException("raw bit " + released + " was claimed here but is clear");
                }
            }
        }
    }

    /** Claims {@code count} ids, prints them, and holds them until the region's {@link #EXIT} flag is set. */
    private static void holdIds(final Path path, final String name, final int capacity, final int count) throws InterruptedException
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedIdPool pool = SharedIdPool.of(region, name, capacity);
            final SharedLong exit = region.sharedLong(EXIT);
            final StringBuilder out = new StringBuilder("token " + region.ownerToken() + "\n");
            final long[] ids = new long[count];
            for (int i = 0; i < count; i++)
            {
                ids[i] = pool.claim();
                out.append("C ").append(ids[i]).append('\n');
            }
            out.append("holding\n");
            System.out.print(out);
            System.out.flush();
            final long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
            while (exit.get() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            for (final long id : ids)
            {
                if (id >= 0)
                {
                    pool.release(id);
                }
            }
        }
    }

    private static void awaitGo(final SharedRegion region, final long round)
    {
        final SharedLong go = region.sharedLong(GO);
        final long deadline = System.nanoTime() + GATE_TIMEOUT_NANOS;
        while (go.get() < round)
        {
            if (System.nanoTime() > deadline)
            {
                // An orphan of a failed test: leave, holding nothing but what the recovery API frees.
                System.exit(3);
            }
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    static SharedWideBytes wideBytes(final SharedRegion region)
    {
        return region.sharedWideBytes(WIDE_BYTES, WIDE_CAPACITY, bytesPattern(0, 0));
    }

    static SharedWideBytes wideCounter(final SharedRegion region)
    {
        return region.sharedWideBytes(WIDE_COUNTER, WIDE_CAPACITY, bytesPattern(0, 0));
    }

    static SharedWideString wideString(final SharedRegion region)
    {
        return region.sharedWideString(WIDE_STRING, STRING_CAPACITY, StandardCharsets.UTF_8, stringPattern(0, 0));
    }

    /**
     * The initial value of wide entry {@code w-key}: the key, then bytes derived from it.
     *
     * @param key the key.
     * @return {@link #CREATED_WIDE_CAPACITY} bytes.
     */
    static byte[] createdWide(final long key)
    {
        final ByteBuffer value = ByteBuffer.allocate(CREATED_WIDE_CAPACITY).putLong(key);
        while (value.hasRemaining())
        {
            value.put((byte)(key * 31 + value.position() * 7));
        }
        return value.array();
    }

    /**
     * A self-checking wide value: {@code count (8) | writer (4) | body length (4) | body | CRC32 (8)}, the body's
     * length and bytes drawn from a generator seeded with count and writer, so any mix of two values is detected.
     *
     * @param count  the count.
     * @param writer who wrote it.
     * @return the value, at most {@link #WIDE_CAPACITY} bytes.
     */
    static byte[] bytesPattern(final long count, final int writer)
    {
        final SplittableRandom body = new SplittableRandom(count * 1_000_003L + writer);
        final int bodyLength = body.nextInt(WIDE_CAPACITY - BODY_HEADER - CHECKSUM + 1);
        final ByteBuffer value = ByteBuffer.allocate(BODY_HEADER + bodyLength + CHECKSUM);
        value.putLong(count).putInt(writer).putInt(bodyLength);
        for (int i = 0; i < bodyLength; i++)
        {
            value.put((byte)body.nextInt());
        }
        value.putLong(crc(value.array(), BODY_HEADER + bodyLength));
        return value.array();
    }

    static long checkBytes(final byte[] value)
    {
        return checkBytes(value, value.length);
    }

    /**
     * @param value  a value of {@link #bytesPattern}.
     * @param length its length.
     * @return its count.
     * @throws IllegalStateException if it is torn or damaged.
     */
    static long checkBytes(final byte[] value, final int length)
    {
        if (length < BODY_HEADER + CHECKSUM)
        {
            throw new IllegalStateException("torn: a value of only " + length + " bytes");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(value, 0, length);
        final long count = buffer.getLong();
        final int writer = buffer.getInt();
        final int bodyLength = buffer.getInt();
        final byte[] expected = bytesPattern(count, writer);
        if (bodyLength != length - BODY_HEADER - CHECKSUM || expected.length != length ||
            !ByteBuffer.wrap(expected).equals(ByteBuffer.wrap(value, 0, length)))
        {
            throw new IllegalStateException("torn: " + length + " bytes that claim count " + count + " of writer " + writer +
                " but differ from that value");
        }
        if (buffer.getLong(length - CHECKSUM) != crc(value, length - CHECKSUM))
        {
            throw new IllegalStateException("torn: checksum of count " + count + " of writer " + writer);
        }
        return count;
    }

    /**
     * A self-checking wide string: {@code "count/writer:"} and a body of ASCII and two-byte UTF-8 characters whose
     * length and content follow from both.
     *
     * @param count  the count.
     * @param writer who wrote it.
     * @return the string, at most {@link #STRING_CAPACITY} bytes in UTF-8.
     */
    static String stringPattern(final long count, final int writer)
    {
        final StringBuilder value = new StringBuilder().append(count).append('/').append(writer).append(':');
        final int bodyLength = (int)Math.floorMod(count * 37 + writer * 11, 280L);
        for (int i = 0; i < bodyLength; i++)
        {
            final long mix = count * 13 + writer + i;
            value.append(i % 9 == 4 ? (char)('\u00e0' + Math.floorMod(mix, 24)) : (char)('a' + Math.floorMod(mix, 26)));
        }
        return value.toString();
    }

    /**
     * @param value a value of {@link #stringPattern}.
     * @return its count.
     * @throws IllegalStateException if it is torn or damaged.
     */
    static long checkString(final String value)
    {
        final int slash = value.indexOf('/');
        final int colon = value.indexOf(':');
        try
        {
            final long count = Long.parseLong(value.substring(0, slash));
            final int writer = Integer.parseInt(value.substring(slash + 1, colon));
            if (value.equals(stringPattern(count, writer)))
            {
                return count;
            }
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("torn string: " + value, ex);
        }
        throw new IllegalStateException("torn string: " + value);
    }

    private static long crc(final byte[] bytes, final int length)
    {
        final CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
