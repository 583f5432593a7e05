package io.sharedatomic;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks what a process without write permission on a region file can do: attach read-only and read every value,
 * while every write and every new entry throws {@link IllegalStateException}, and a read-write attach fails with an
 * {@link UncheckedIOException} that points to {@code attachReadOnly}. {@link PermissionTest} runs it as an
 * unprivileged user in a child JVM, or in-process where it cannot.
 *
 * <p>Arguments: the region file and {@code denied} if the process must lack write permission (or {@code root}, whom
 * permissions do not stop). Prints one line per check, {@code PASS name} or {@code FAIL name: detail}, then
 * {@code CHECKS n}; exits with 1 if one failed.
 */
final class PermissionChildMain
{
    static final byte[] WIDE_BYTES = "wide bytes of a region".getBytes(StandardCharsets.US_ASCII);
    static final String WIDE_STRING = "a wide string, r\u00e9gion";
    static final long BITS = 0b1011;

    private final List<String> passed = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    private PermissionChildMain()
    {
    }

    public static void main(final String[] args)
    {
        final PermissionChildMain checks = check(Path.of(args[0]), "denied".equals(args[1]));
        for (final String pass : checks.passed)
        {
            System.out.println("PASS " + pass);
        }
        for (final String failure : checks.failed)
        {
            System.out.println("FAIL " + failure);
        }
        System.out.println("CHECKS " + (checks.passed.size() + checks.failed.size()));
        System.out.flush();
        System.exit(checks.failed.isEmpty() ? 0 : 1);
    }

    /**
     * Creates the values that {@link #check} expects.
     *
     * @param region a new region, attached read-write.
     */
    static void populate(final SharedRegion region)
    {
        region.sharedLong("long", 42);
        region.sharedULong("ulong", "18446744073709551615");
        region.sharedDouble("double", 2.5);
        region.sharedBoolean("boolean", true);
        region.sharedBytes("bytes", new byte[]{1, 2, 3});
        region.sharedWideBytes("wide-bytes", 64, WIDE_BYTES);
        region.sharedString("string", "abc");
        region.sharedWideString("wide-string", 64, StandardCharsets.UTF_8, WIDE_STRING);
        region.sharedLongArray("array", 4).set(3, BITS);
    }

    /**
     * @return failures, empty if every check passed.
     */
    List<String> failures()
    {
        return failed;
    }

    /**
     * @return names of the checks that passed.
     */
    List<String> passes()
    {
        return passed;
    }

    /**
     * Runs every check on a region made by {@link #populate}.
     *
     * @param path         the region file.
     * @param writeDenied  whether this process must lack write permission on it.
     * @return the outcome of each check.
     */
    static PermissionChildMain check(final Path path, final boolean writeDenied)
    {
        final PermissionChildMain checks = new PermissionChildMain();
        if (writeDenied)
        {
            checks.expectThrows("the file cannot be opened for writing at all", AccessDeniedException.class, "",
                () -> FileChannel.open(path, StandardOpenOption.WRITE).close());
            checks.expectThrows("attach read-write points to attachReadOnly", UncheckedIOException.class, "attachReadOnly",
                () -> SharedRegion.attach(path).close());
            checks.expectThrows("open read-write fails clearly", UncheckedIOException.class, path.toString(),
                () -> SharedRegion.open(path).close());
        }
        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            checks.expect("attached read-only", region.isReadOnly());
            final SharedLong longValue = region.sharedLong("long");
            final SharedULong ulong = region.sharedULong("ulong");
            final SharedDouble doubleValue = region.sharedDouble("double");
            final SharedBoolean booleanValue = region.sharedBoolean("boolean");
            final SharedBytes bytes = region.sharedBytes("bytes", new byte[]{0, 0, 0});
            final SharedWideBytes wideBytes = region.sharedWideBytes("wide-bytes", 64, new byte[0]);
            final SharedString string = region.sharedString("string", "xyz");
            final SharedWideString wideString = region.sharedWideString("wide-string", 64, StandardCharsets.UTF_8, "");
            final SharedLongArray array = region.sharedLongArray("array", 4);
            final Runnable readsAll = () ->
            {
                checks.expect("read long", longValue.get() == 42);
                checks.expect("read ulong", ulong.getAsBigInteger().equals(new BigInteger("18446744073709551615")));
                checks.expect("read double", doubleValue.get() == 2.5);
                checks.expect("read boolean", booleanValue.get());
                checks.expect("read bytes", Arrays.equals(bytes.get(), new byte[]{0, 1, 2, 3}));
                checks.expect("read wide bytes", Arrays.equals(wideBytes.get(), WIDE_BYTES));
                checks.expect("read string", string.get().equals("abc"));
                checks.expect("read wide string", wideString.get().equals(WIDE_STRING));
                checks.expect("read array", array.get(3) == BITS && array.get(0) == 0);
                checks.expect("list entries", region.entries().size() == 9);
            };
            readsAll.run();
            checks.refused("long set", () -> longValue.set(1));
            checks.refused("long getAndAdd", () -> longValue.getAndAdd(1));
            checks.refused("long compareAndSet that would succeed", () -> longValue.compareAndSet(42, 43));
            checks.refused("long getAndOr", () -> longValue.getAndOr(1));
            checks.refused("long updateAndGet", () -> longValue.updateAndGet(x -> x + 1));
            checks.refused("ulong incrementAndGet", ulong::incrementAndGet);
            checks.refused("double set", () -> doubleValue.set(1));
            checks.refused("double addAndGet", () -> doubleValue.addAndGet(1));
            checks.refused("boolean set", () -> booleanValue.set(false));
            checks.refused("boolean compareAndSet", () -> booleanValue.compareAndSet(true, false));
            checks.refused("bytes set", () -> bytes.set(new byte[]{9}));
            checks.refused("bytes addAndGet", () -> bytes.addAndGet(1));
            checks.refused("wide bytes set", () -> wideBytes.set(new byte[]{9}));
            checks.refused("wide bytes compareAndSet", () -> wideBytes.compareAndSet(WIDE_BYTES, new byte[]{9}));
            checks.refused("wide bytes updateAndGet", () -> wideBytes.updateAndGet(b -> b));
            checks.refused("string set", () -> string.set("x"));
            checks.refused("wide string set", () -> wideString.set("x"));
            checks.refused("wide string getAndSet", () -> wideString.getAndSet("x"));
            checks.refused("array set", () -> array.set(0, 1));
            checks.refused("array getAndAdd", () -> array.getAndAdd(0, 1));
            checks.refused("array getAndOr of new bits", () -> array.getAndOr(0, 1));
            // Bits that are already set change nothing, but a write through a read-only attachment must still throw.
            checks.refused("array getAndOr of bits already set", () -> array.getAndOr(3, BITS));
            checks.refused("array getAndAnd keeping every bit", () -> array.getAndAnd(3, -1L));
            checks.refused("create a long", () -> region.sharedLong("new-long", 1));
            checks.refused("create wide bytes", () -> region.sharedWideBytes("new-wide", 64, new byte[0]));
            checks.refused("create an array", () -> region.sharedLongArray("new-array", 8));
            readsAll.run();
            checks.expect("no entry appeared", region.entry("new-long").isEmpty() && region.entries().size() == 9);
        }
        catch (final RuntimeException ex)
        {
            checks.failed.add("read-only attach and reads: " + ex);
        }
        return checks;
    }

    private void expect(final String name, final boolean condition)
    {
        if (condition)
        {
            passed.add(name);
        }
        else
        {
            failed.add(name + ": was not so");
        }
    }

    @FunctionalInterface
    private interface Call
    {
        void run() throws Exception;
    }

    private void expectThrows(final String name, final Class<? extends Exception> type, final String messagePart, final Call call)
    {
        try
        {
            call.run();
            failed.add(name + ": succeeded");
        }
        catch (final Exception ex)
        {
            if (type.isInstance(ex) && ex.getMessage() != null && ex.getMessage().contains(messagePart))
            {
                passed.add(name);
            }
            else
            {
                failed.add(name + ": threw " + ex);
            }
        }
    }

    private void refused(final String name, final Call write)
    {
        expectThrows("refused " + name, IllegalStateException.class, "read-only", write);
    }
}
