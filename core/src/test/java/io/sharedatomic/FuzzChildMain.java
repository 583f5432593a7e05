package io.sharedatomic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.sharedatomic.layout.RegionFormatException;

/**
 * Child JVM of {@link FuzzRegionFilesTest}. For every damaged region file named in a list file it attaches
 * read-only and then read-write, lists the entries, attaches every entry by type through the region factories,
 * reads it, writes one value (which a read-only attachment must refuse) and creates one new entry. Every attempt
 * must end in success or in a clear exception: {@link RegionFormatException}, {@link IllegalArgumentException}
 * (so {@link IncompatibleEntryException}), {@link IllegalStateException} (so {@link RegionFullException}) or
 * {@link UncheckedIOException}, with a message. Anything else is printed as BAD; a JVM crash shows as the exit
 * status, and the last BEGIN line without its FILE line names the file that caused it.
 *
 * <p>Arguments: the list file (one {@code id<TAB>path} a line) and the milliseconds after which one file counts as
 * a hang. Output, one line each: {@code BEGIN id}; {@code BAD id attempt: what happened} for every bad attempt;
 * {@code FILE id outcome accepted rejected}; {@code DONE count} at the end. A hang prints {@code HANG id} and the
 * worker's stack and halts the JVM with {@value #HANG_EXIT_CODE}.
 */
final class FuzzChildMain
{
    static final int HANG_EXIT_CODE = 3;
    /** Name of the entry each read-write attachment tries to create. */
    static final String NEW_ENTRY = "fuzz-new";
    /** Outcome classes, from the earliest point of rejection. */
    static final String ATTACH_REJECTED = "ATTACH_REJECTED";
    static final String ENTRIES_REJECTED = "ENTRIES_REJECTED";
    static final String VALUE_REJECTED = "VALUE_REJECTED";
    static final String ACCEPTED = "ACCEPTED";

    /**
     * One entry of the fuzzed regions: its name and type, and how to make or attach it, read it and write it.
     */
    private record Spec(String name, ValueType type, BiFunction<SharedRegion, String, Object> attach, Consumer<Object> read,
        Consumer<Object> write)
    {
    }

    /** Entries of every type: the four 64-bit types, one-word and wide bytes and strings, and two arrays, one over a page. */
    private static final List<Spec> SPECS = List.of(
        new Spec("long", ValueType.LONG, (r, n) -> r.sharedLong(n, 42), h -> ((SharedLong)h).get(), h -> ((SharedLong)h).getAndAdd(1)),
        new Spec("ulong", ValueType.ULONG, (r, n) -> r.sharedULong(n, "18446744073709551615"),
            h -> ((SharedULong)h).getAsBigInteger(), h -> ((SharedULong)h).incrementAndGet()),
        new Spec("dbl", ValueType.DOUBLE, (r, n) -> r.sharedDouble(n, 1.5), h -> ((SharedDouble)h).get(),
            h -> ((SharedDouble)h).addAndGet(0.25)),
        new Spec("bool", ValueType.BOOLEAN, (r, n) -> r.sharedBoolean(n, true), h -> ((SharedBoolean)h).get(),
            h -> ((SharedBoolean)h).set(!((SharedBoolean)h).get())),
        new Spec("b3", ValueType.BYTES, (r, n) -> r.sharedBytes(n, new byte[]{1, 2, 3}), h -> ((SharedBytes)h).get(),
            h -> ((SharedBytes)h).set(new byte[]{4, 5})),
        new Spec("b2f", ValueType.BYTES, (r, n) -> StructureEntries.bytes(r, n, 2, new byte[]{7}, "u16"), h -> ((SharedBytes)h).getAsLong(),
            h -> ((SharedBytes)h).addAndGet(1)),
        new Spec("wb", ValueType.WIDE_BYTES, (r, n) -> StructureEntries.bytes(r, n, 40, pattern(20), "blob"),
            FuzzChildMain::readWideBytes, h -> ((SharedWideBytes)h).set(pattern(30))),
        new Spec("s", ValueType.STRING, (r, n) -> r.sharedString(n, "abc"), h -> ((SharedString)h).get(),
            h -> ((SharedString)h).set("xyz")),
        new Spec("s16", ValueType.STRING, (r, n) -> r.sharedString(n, "\u00e9", StandardCharsets.UTF_16BE), h -> ((SharedString)h).get(),
            h -> ((SharedString)h).set("\u00fc")),
        new Spec("ws", ValueType.WIDE_STRING, (r, n) -> r.sharedWideString(n, 32, StandardCharsets.UTF_8, "hello, wide world"),
            FuzzChildMain::readWideString, h -> ((SharedWideString)h).set("another value")),
        new Spec("arr", ValueType.LONG_ARRAY, (r, n) -> StructureEntries.words(r, n, 5, "bitmap"), FuzzChildMain::readArray,
            h -> ((SharedLongArray)h).getAndXor(0, 1)),
        new Spec("arr600", ValueType.LONG_ARRAY, (r, n) -> r.sharedLongArray(n, 600), FuzzChildMain::readArray,
            h -> ((SharedLongArray)h).getAndAdd(599, 1)));

    private static volatile String currentId = "";
    private static volatile long currentStart;

    private FuzzChildMain()
    {
    }

    /**
     * Creates every fuzzed entry in {@code region} and writes each {@code writes} times, so that wide values have
     * published one buffer or the other.
     *
     * @param region a new region.
     * @param writes writes per entry.
     * @return the names of the entries, in creation order.
     */
    static List<String> populate(final SharedRegion region, final int writes)
    {
        final List<String> names = new ArrayList<>();
        for (final Spec spec : SPECS)
        {
            final Object handle = spec.attach().apply(region, spec.name());
            for (int i = 0; i < writes; i++)
            {
                spec.write().accept(handle);
            }
            names.add(spec.name());
        }
        return names;
    }

    private static byte[] pattern(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }

    private static void readWideBytes(final Object handle)
    {
        final SharedWideBytes bytes = (SharedWideBytes)handle;
        bytes.get();
        bytes.get(new byte[bytes.capacity()]);
    }

    private static void readArray(final Object handle)
    {
        final SharedLongArray array = (SharedLongArray)handle;
        array.get(0);
        array.get(array.length() - 1);
    }

    private static void readWideString(final Object handle)
    {
        final SharedWideString string = (SharedWideString)handle;
        string.get();
        string.get(new StringBuilder());
    }

    public static void main(final String[] args) throws Exception
    {
        final List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        startWatchdog(Thread.currentThread(), Long.parseLong(args[1]));
        int done = 0;
        for (final String line : lines)
        {
            final int tab = line.indexOf('\t');
            final String id = line.substring(0, tab);
            final Path path = Path.of(line.substring(tab + 1));
            currentId = id;
            currentStart = System.nanoTime();
            System.out.println("BEGIN " + id);
            System.out.flush();
            final FileRun run = new FileRun(id);
            run.fuzz(path);
            currentStart = 0;
            System.out.println("FILE " + id + " " + run.outcome() + " " + run.accepted + " " + run.rejected);
            System.out.flush();
            // Closing only marks a region closed; its mapping and file go with the garbage collector.
            if (++done % 250 == 0)
            {
                System.gc();
            }
        }
        System.out.println("DONE " + done);
        System.out.flush();
    }

    private static void startWatchdog(final Thread worker, final long hangMillis)
    {
        final Thread watchdog = new Thread(() ->
        {
            while (true)
            {
                try
                {
                    Thread.sleep(500);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                final long start = currentStart;
                if (start != 0 && System.nanoTime() - start > hangMillis * 1_000_000L)
                {
                    final StringBuilder out = new StringBuilder("HANG " + currentId + " after " + hangMillis + " ms\n");
                    for (final StackTraceElement frame : worker.getStackTrace())
                    {
                        out.append("    at ").append(frame).append('\n');
                    }
                    System.out.print(out);
                    System.out.flush();
                    Runtime.getRuntime().halt(HANG_EXIT_CODE);
                }
            }
        }, "fuzz-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * The attempts on one file and their outcomes.
     */
    private static final class FileRun
    {
        private final String id;
        private int accepted;
        private int rejected;
        private boolean attachRejected;
        private boolean entriesRejected;
        private boolean valueRejected;
        private SharedRegion deserializedRegion;

        FileRun(final String id)
        {
            this.id = id;
        }

        String outcome()
        {
            return attachRejected ? ATTACH_REJECTED : entriesRejected ? ENTRIES_REJECTED : valueRejected ? VALUE_REJECTED : ACCEPTED;
        }

        void fuzz(final Path path) throws Exception
        {
            final byte[] before = Files.readAllBytes(path);
            pass(path, true);
            if (!Arrays.equals(before, Files.readAllBytes(path)))
            {
                bad("read-only pass", "the file changed although it was only attached read-only");
            }
            pass(path, false);
        }

        private void pass(final Path path, final boolean readOnly)
        {
            final String mode = readOnly ? "ro" : "rw";
            final SharedRegion region = attempt(mode + " attach", () ->
                readOnly ? SharedRegion.attachReadOnly(path) : SharedRegion.attach(path));
            if (region == null)
            {
                attachRejected = true;
                return;
            }
            try
            {
                final Set<String> names = new LinkedHashSet<>();
                for (final Spec spec : SPECS)
                {
                    names.add(spec.name());
                }
                final List<RegionEntry> entries = attempt(mode + " entries", () ->
                {
                    final List<RegionEntry> listed = region.entries();
                    final StringBuilder rendered = new StringBuilder();
                    for (final RegionEntry entry : listed)
                    {
                        rendered.append(entry).append('\n');
                    }
                    return rendered.length() >= 0 ? listed : null;
                });
                if (entries == null)
                {
                    entriesRejected = true;
                }
                else
                {
                    for (final RegionEntry entry : entries)
                    {
                        names.add(entry.name());
                    }
                }
                for (final String name : names)
                {
                    probeName(region, mode, readOnly, name, entries);
                }
                if (!readOnly && entries != null)
                {
                    for (final RegionEntry entry : entries)
                    {
                        probeAsStored(path, entry);
                    }
                    if (deserializedRegion != null)
                    {
                        deserializedRegion.close();
                    }
                }
                final String create = mode + " create '" + NEW_ENTRY + "'";
                if (readOnly)
                {
                    refused(create, () -> region.sharedLong(NEW_ENTRY, 1));
                }
                else if (attempt(create, () -> region.sharedLong(NEW_ENTRY, 1).incrementAndGet()) == null)
                {
                    valueRejected = true;
                }
            }
            finally
            {
                region.close();
            }
        }

        /** Attaches {@code name} with the factory of its spec, or with every spec of its listed type if it has none. */
        private void probeName(final SharedRegion region, final String mode, final boolean readOnly, final String name,
            final List<RegionEntry> entries)
        {
            final List<Spec> specs = new ArrayList<>();
            for (final Spec spec : SPECS)
            {
                if (spec.name().equals(name))
                {
                    specs.add(spec);
                }
            }
            if (specs.isEmpty() && entries != null)
            {
                for (final RegionEntry entry : entries)
                {
                    for (final Spec spec : SPECS)
                    {
                        if (entry.name().equals(name) && spec.type() == entry.type())
                        {
                            specs.add(spec);
                        }
                    }
                }
            }
            if (attempt(mode + " entry('" + printable(name) + "')", () -> region.entry(name)) == null)
            {
                valueRejected = true;
            }
            for (final Spec spec : specs)
            {
                final String what = mode + " " + spec.type() + " '" + printable(name) + "'";
                final Object handle = attempt(what + " attach", () -> spec.attach().apply(region, name));
                if (handle == null)
                {
                    valueRejected = true;
                    continue;
                }
                if (attempt(what + " read", () ->
                {
                    spec.read().accept(handle);
                    return handle.toString();
                }) == null)
                {
                    valueRejected = true;
                }
                if (readOnly)
                {
                    refused(what + " write", () -> spec.write().accept(handle));
                }
                else if (attempt(what + " write", () ->
                {
                    spec.write().accept(handle);
                    return handle;
                }) == null)
                {
                    valueRejected = true;
                }
            }
        }

        /**
         * Attaches an entry as its stored shape says, whatever it is, the way a deserialized handle does, then reads
         * and writes it. A deserialization failure is a clear {@link InvalidObjectException} with a message.
         */
        private void probeAsStored(final Path path, final RegionEntry entry)
        {
            final String what = "rw deserialized " + entry.type() + " '" + printable(entry.name()) + "'";
            final Object handle = attempt(what, () ->
            {
                final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes))
                {
                    out.writeObject(new SerializedValue(path.toAbsolutePath().toString(), entry.name(), entry.type()));
                }
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())))
                {
                    return in.readObject();
                }
            });
            if (handle == null)
            {
                valueRejected = true;
                return;
            }
            // Every handle deserialized from one path shares one region, closed once the file is done.
            deserializedRegion = ((SharedValue)handle).region();
            if (attempt(what + " read", () -> readAsStored(handle)) == null ||
                attempt(what + " write", () -> writeAsStored(handle)) == null)
            {
                valueRejected = true;
            }
        }

        /** Runs one attempt: its result, or null if it was rejected with a clear exception. */
        private <T> T attempt(final String what, final Action<T> action)
        {
            try
            {
                final T result = action.run();
                accepted++;
                return result;
            }
            catch (final Throwable th)
            {
                if (!isClear(th))
                {
                    bad(what, describe(th));
                }
                rejected++;
                return null;
            }
        }

        /** A write through a read-only attachment: must throw a clear {@link IllegalStateException}. */
        private void refused(final String what, final Runnable action)
        {
            try
            {
                action.run();
                bad(what, "succeeded through a read-only attachment");
            }
            catch (final Throwable th)
            {
                if (!(th instanceof IllegalStateException) || !isClear(th))
                {
                    bad(what, "a read-only attachment refused a write with " + describe(th) + " instead of IllegalStateException");
                }
            }
        }

        private void bad(final String what, final String detail)
        {
            System.out.println("BAD " + id + " " + what + ": " + detail);
            System.out.flush();
        }
    }

    private static Object readAsStored(final Object handle)
    {
        if (handle instanceof StringValue)
        {
            ((StringValue)handle).get(new StringBuilder());
        }
        if (handle instanceof SharedWideBytes)
        {
            ((SharedWideBytes)handle).get(new byte[((SharedWideBytes)handle).capacity()]);
        }
        if (handle instanceof SharedLongArray)
        {
            return ((SharedLongArray)handle).get(((SharedLongArray)handle).length() - 1);
        }
        return handle.toString();
    }

    private static Object writeAsStored(final Object handle)
    {
        if (handle instanceof AbstractSharedLong)
        {
            return ((AbstractSharedLong<?>)handle).getAndAdd(1);
        }
        if (handle instanceof SharedDouble)
        {
            return ((SharedDouble)handle).addAndGet(0.25);
        }
        if (handle instanceof SharedBoolean)
        {
            return ((SharedBoolean)handle).getAndSet(!((SharedBoolean)handle).get());
        }
        if (handle instanceof BytesValue)
        {
            return ((BytesValue)handle).getAndSet(new byte[]{1});
        }
        if (handle instanceof StringValue)
        {
            ((StringValue)handle).set("x");
            return handle;
        }
        return ((SharedLongArray)handle).getAndXor(0, 1);
    }

    /**
     * One attempt on a file.
     *
     * @param <T> what it returns.
     */
    @FunctionalInterface
    private interface Action<T>
    {
        T run() throws Exception;
    }

    /**
     * The clear exceptions, with a message. {@link InvalidObjectException} is how deserialization says that a
     * serialized handle cannot be attached.
     */
    private static boolean isClear(final Throwable th)
    {
        final boolean allowedType = th instanceof RegionFormatException || th instanceof IllegalArgumentException ||
            th instanceof IllegalStateException || th instanceof UncheckedIOException || th instanceof InvalidObjectException;
        return allowedType && th.getMessage() != null && !th.getMessage().isBlank();
    }

    private static String describe(final Throwable th)
    {
        final StringBuilder out = new StringBuilder(th.getClass().getName()).append(" (message: ")
            .append(th.getMessage() == null ? "none" : "'" + printable(th.getMessage()) + "'").append(")");
        final StackTraceElement[] frames = th.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 10); i++)
        {
            out.append(i == 0 ? " at " : " <- ").append(frames[i]);
        }
        if (th.getCause() != null)
        {
            out.append(" caused by ").append(th.getCause());
        }
        return out.toString();
    }

    private static String printable(final String text)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int)c) : String.valueOf(c));
        }
        return out.toString();
    }
}
