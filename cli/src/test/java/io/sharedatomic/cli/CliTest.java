package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedString;
import io.sharedatomic.SharedWideString;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.collections.SharedSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in this JVM, on a region with one entry of each kind: what it prints, what it writes, and the exit
 * status of each failure README documents. {@link CliCrossProcessTest} runs them in other JVMs.
 */
class CliTest
{
    @TempDir
    Path tempDir;

    private Path path;

    /**
     * What a command did.
     */
    record Run(int status, String out, String err)
    {
        String oneErrorLine()
        {
            assertEquals("", out, "a failed command prints nothing on stdout");
            assertEquals(1, err.lines().count(), err);
            return err.strip();
        }
    }

    static Run cli(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = SharedAtomicCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @BeforeEach
    void createRegion()
    {
        path = tempDir.resolve("desk.region");
        try (SharedRegion region = SharedRegion.open(path))
        {
            region.sharedLong("orders.sent", 42);
            region.sharedULong("ids.max", "18446744073709551615");
            region.sharedDouble("px.last", 101.25);
            region.sharedBoolean("risk.halt");
            region.sharedBytes("client.id", new byte[]{1, 2, 3, 4});
            region.sharedWideBytes("blob", 16, new byte[]{9});
            region.sharedString("venue", "XLON");
            region.sharedWideString("status", 64, StandardCharsets.UTF_8, "{\"state\":\"open\"}");
            SharedBitSet.of(region, "ids.claimed", 1000).add(3);
            SharedSet.of(region, "flags", Set.of(1, 2, 3));
            region.sharedLongArray("raw", 2);
        }
    }

    private String value(final String name)
    {
        final Run get = cli("get", path.toString(), name);
        assertEquals(0, get.status(), get.err());
        assertEquals("", get.err());
        return get.out().strip();
    }

    @Test
    void shouldListEveryEntryWhileAnotherThreadWrites() throws Exception
    {
        try (SharedRegion region = SharedRegion.attach(path))
        {
            final SharedLong counter = region.sharedLong("orders.sent");
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread writer = new Thread(() ->
            {
                while (running.get())
                {
                    counter.incrementAndGet();
                }
            });
            writer.start();
            try
            {
                final Run table = cli("inspect", path.toString());
                assertEquals(0, table.status(), table.err());
                assertEquals("", table.err());
                final List<String> lines = table.out().lines().toList();
                assertTrue(lines.get(0).startsWith(path + ": 11 entries at "), lines.get(0));
                assertTrue(lines.get(1).matches("NAME +TYPE +DETAIL +BYTES +VALUE"), lines.get(1));
                assertEquals(13, lines.size(), table.out());
                assertTrue(table.out().contains("18446744073709551615"), table.out());
                assertTrue(lines.stream().anyMatch(line -> line.matches("ids\\.claimed +BITSET +capacity 1000 +\\d+ +cardinality 1")), table.out());
                assertTrue(table.out().contains("{\"state\":\"open\"}"), table.out());
                assertTrue(table.out().contains("01020304"), table.out());
                // Aligned: every row's TYPE column starts where the header's does, and no line ends in a blank.
                final int typeColumn = lines.get(1).indexOf("TYPE");
                lines.subList(2, lines.size()).forEach(line -> assertEquals(' ', line.charAt(typeColumn - 1), line));
                lines.forEach(line -> assertFalse(line.endsWith(" "), line));

                final Run json = cli("inspect", "--json", path.toString());
                assertEquals(0, json.status());
                assertTrue(json.out().startsWith("{\"region\":\"" + path + "\",\"entries\":[{\"name\":"), json.out());
                assertTrue(json.out().contains("{\"name\":\"status\",\"type\":\"WIDE_STRING\",\"detail\":\"capacity 64, UTF-8\""), json.out());
                assertTrue(json.out().contains("\"value\":\"{\\\"state\\\":\\\"open\\\"}\""), json.out());
                assertEquals(1, json.out().lines().count());

                final Run watch = cli("inspect", "--watch", "0.05", "--count", "3", path.toString());
                assertEquals(0, watch.status(), watch.err());
                assertEquals(3, watch.out().lines().filter(line -> line.startsWith(path + ": 11 entries")).count());
                assertEquals(3, cli("inspect", "--json", "--watch=0.05", "--count", "3", path.toString()).out().lines().count());
            }
            finally
            {
                running.set(false);
                writer.join();
            }
            assertTrue(counter.get() > 42);
        }
    }

    @Test
    void shouldGetEachKindInTheFormSetTakes()
    {
        assertInitialValues();
    }

    /** The values createRegion() wrote, as get prints them: also the proof that a refused command changed nothing. */
    private void assertInitialValues()
    {
        assertEquals("42", value("orders.sent"));
        assertEquals("18446744073709551615", value("ids.max"));
        assertEquals("101.25", value("px.last"));
        assertEquals("false", value("risk.halt"));
        assertEquals("01020304", value("client.id"));
        assertEquals("XLON", value("venue"));
        assertEquals("{\"state\":\"open\"}", value("status"));
        assertEquals("cardinality 1", value("ids.claimed"));
    }

    @Test
    void shouldSetEachKindAndPrintWhatItReplaced()
    {
        assertEquals("orders.sent: 42 -> -7\n", cli("set", path.toString(), "orders.sent", "-7").out());
        assertEquals("ids.max: 18446744073709551615 -> 18446744073709551614\n",
            cli("set", path.toString(), "ids.max", "18446744073709551614").out());
        assertEquals("px.last: 101.25 -> 99.5\n", cli("set", path.toString(), "px.last", "99.5").out());
        assertEquals("risk.halt: false -> true\n", cli("set", path.toString(), "risk.halt", "TRUE").out());
        assertEquals("client.id: 01020304 -> 0a0b0c0d\n", cli("set", path.toString(), "client.id", "0A0B0C0D").out());
        assertEquals("blob: 09 -> 00ff\n", cli("set", path.toString(), "blob", "00ff").out());
        assertEquals("venue: XLON -> XPAR\n", cli("set", path.toString(), "venue", "XPAR").out());
        assertEquals("status: {\"state\":\"open\"} -> halted: ops\n", cli("set", path.toString(), "status", "halted: ops").out());

        try (SharedRegion region = SharedRegion.attachReadOnly(path))
        {
            assertEquals(-7, region.sharedLong("orders.sent").get());
            assertEquals(-2, region.sharedULong("ids.max").get());
            assertEquals(99.5, region.sharedDouble("px.last").get());
            assertTrue(region.sharedBoolean("risk.halt").get());
            assertEquals("XPAR", ((SharedString)region.find("venue").orElseThrow()).get());
            assertEquals("halted: ops", ((SharedWideString)region.find("status").orElseThrow()).get());
        }
        assertEquals("0a0b0c0d", value("client.id"));
        assertEquals("00ff", value("blob"));
    }

    @Test
    void shouldCompareAndSetWithExpect()
    {
        final Run written = cli("set", "--expect", "false", path.toString(), "risk.halt", "true");
        assertEquals(0, written.status(), written.err());
        assertEquals("risk.halt: false -> true\n", written.out());

        final Run refused = cli("set", "--expect", "false", path.toString(), "risk.halt", "false");
        assertEquals(ExitCodes.NOT_EXPECTED, refused.status());
        assertEquals("shared-atomic set: 'risk.halt' holds true, not false; nothing written", refused.oneErrorLine());
        assertEquals("true", value("risk.halt"));

        assertEquals(ExitCodes.NOT_EXPECTED, cli("set", "--expect", "41", path.toString(), "orders.sent", "0").status());
        assertEquals("orders.sent: 42 -> 43\n", cli("set", "--expect", "42", path.toString(), "orders.sent", "43").out());
        assertEquals("venue: XLON -> XNYS\n", cli("set", "--expect", "XLON", path.toString(), "venue", "XNYS").out());
        // A one-word byte value is a big-endian number of its width: 05 is stored, and shown, as 00000005.
        assertEquals("client.id: 01020304 -> 00000005\n", cli("set", "--expect", "01020304", path.toString(), "client.id", "05").out());
        assertEquals(ExitCodes.BAD_VALUE, cli("set", "--expect", "maybe", path.toString(), "risk.halt", "true").status());
        // What it prints is what it compared and wrote, in the value's own form, not the text as typed.
        assertEquals("orders.sent: 43 -> 44\n", cli("set", "--expect", "+43", path.toString(), "orders.sent", "+44").out());
        assertEquals("px.last: 101.25 -> 7.0\n", cli("set", "--expect", "0x1.95p6", path.toString(), "px.last", "0x1.cp2").out());
        // NaN has many bit patterns; "NaN" matches whichever is there.
        try (SharedRegion region = SharedRegion.attach(path))
        {
            region.sharedDouble("px.last").set(Double.longBitsToDouble(0xfff8000000000000L));
        }
        assertEquals("px.last: NaN -> 1.0\n", cli("set", "--expect", "NaN", path.toString(), "px.last", "1").out());
    }

    @Test
    void shouldRefuseAValueThatDoesNotSuitTheEntryAndWriteNothing()
    {
        assertBadValue("orders.sent", "12x", "shared-atomic set: 'orders.sent' is a SharedLong: '12x' is not a long (decimal digits, from " +
            "-9223372036854775808 to 9223372036854775807)");
        assertBadValue("orders.sent", "9223372036854775808", null);
        assertBadValue("ids.max", "-1", null);
        assertBadValue("px.last", "1,5", null);
        // Strict: a typo must not read as false and lift a kill switch.
        assertBadValue("risk.halt", "ture", "shared-atomic set: 'risk.halt' is a SharedBoolean: 'ture' is not a boolean (true or false)");
        assertBadValue("risk.halt", "1", null);
        assertBadValue("client.id", "010", null);
        assertBadValue("client.id", "0102030405", null);
        assertBadValue("venue", "much too long", "shared-atomic set: 'venue' is a SharedString: a string of 13 encoded bytes does not fit a " +
            "value of 7 bytes; create the value with a larger length");
        assertBadValue("raw", "1", "shared-atomic set: 'raw' is a SharedLongArray, which set does not write: it writes numbers, booleans, " +
            "strings and plain bytes");
        assertBadValue("ids.claimed", "1", null);
        // Strict digits: Long.parseLong and Double.parseDouble would take these.
        assertBadValue("orders.sent", "\u0663", null);
        assertBadValue("orders.sent", " 5", null);
        assertBadValue("ids.max", "+\u0661", null);
        assertBadValue("px.last", "1d", null);
        assertBadValue("px.last", " 3 ", null);
        assertBadValue("px.last", "1e400", "shared-atomic set: 'px.last' is a SharedDouble: '1e400' is outside the range of a double " +
            "(4.9E-324 to 1.7976931348623157E308)");
        assertBadValue("px.last", "4.9e-325", null);
        // A set's and a list's storage is bytes, but only their classes may write it.
        assertBadValue("flags", "ff", "shared-atomic set: 'flags' is the storage of a data structure (format 'set:UTF-8'), which set does not " +
            "write: it writes numbers, booleans, strings and plain bytes");

        assertInitialValues();
    }

    private void assertBadValue(final String name, final String text, final String message)
    {
        final Run run = cli("set", path.toString(), name, text);
        assertEquals(ExitCodes.BAD_VALUE, run.status(), run.err());
        final String line = run.oneErrorLine();
        if (message != null)
        {
            assertEquals(message, line);
        }
        assertTrue(line.startsWith("shared-atomic set: '" + name + "' is "), line);
    }

    @Test
    void shouldExitWithTheDocumentedStatusForEachFailure() throws Exception
    {
        final Path foreign = Files.writeString(tempDir.resolve("notes.txt"), "not a region\n".repeat(100));
        for (final String[] command : List.of(new String[]{"inspect", foreign.toString()}, new String[]{"get", foreign.toString(), "x"},
            new String[]{"set", foreign.toString(), "x", "1"}, new String[]{"serve", foreign.toString(), "--port", "0"}))
        {
            final Run run = cli(command);
            assertEquals(ExitCodes.NOT_A_REGION, run.status(), String.join(" ", command));
            assertEquals("shared-atomic " + command[0] + ": " + foreign + " is not a shared-atomic region (wrong magic number 0x6572206120746f6e); " +
                "check the path", run.oneErrorLine());
        }
        assertEquals("shared-atomic inspect: " + tempDir.resolve("missing.region") + " does not exist",
            cli("inspect", tempDir.resolve("missing.region").toString()).oneErrorLine());
        assertEquals("shared-atomic get: " + tempDir + " is not a file", cli("get", tempDir.toString(), "x").oneErrorLine());
        final Path truncated = tempDir.resolve("truncated.region");
        Files.write(truncated, Files.readAllBytes(path), java.nio.file.StandardOpenOption.CREATE_NEW);
        try (var channel = java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(100);
        }
        assertEquals(ExitCodes.NOT_A_REGION, cli("inspect", truncated.toString()).status());
        // A sound header over a corrupt directory: found only when the entries are read, and still "not a region".
        final Path corrupt = tempDir.resolve("corrupt.region");
        Files.copy(path, corrupt);
        try (var channel = java.nio.channels.FileChannel.open(corrupt, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}), 4096);
        }
        for (final String[] command : List.of(new String[]{"inspect", corrupt.toString()}, new String[]{"inspect", "--json", corrupt.toString()}))
        {
            final Run run = cli(command);
            assertEquals(ExitCodes.NOT_A_REGION, run.status(), run.err());
            assertEquals("shared-atomic inspect: " + corrupt + ": directory points at 34359738360, outside the data area",
                run.oneErrorLine());
        }

        final Run absent = cli("get", path.toString(), "no.such");
        assertEquals(ExitCodes.NO_SUCH_ENTRY, absent.status());
        assertEquals("shared-atomic get: no entry 'no.such' in " + path + " (inspect lists its entries)", absent.oneErrorLine());
        assertEquals(ExitCodes.NO_SUCH_ENTRY, cli("set", path.toString(), "no.such", "1").status());
        assertEquals(ExitCodes.NO_SUCH_ENTRY, cli("get", path.toString(), "").status());
        assertEquals(ExitCodes.NO_SUCH_ENTRY, cli("get", path.toString(), "x".repeat(10_000)).status());

        final Run nothing = cli();
        assertEquals(ExitCodes.USAGE, nothing.status());
        assertEquals("shared-atomic: which command? inspect, get, set, serve or cds-archive ('shared-atomic --help' says what each does)",
            nothing.oneErrorLine());
        final Run unknownCommand = cli("remove", path.toString());
        assertEquals(ExitCodes.USAGE, unknownCommand.status());
        assertTrue(unknownCommand.err().contains("Unmatched arguments from index 0: 'remove'"), unknownCommand.err());
        final Run unknownOption = cli("inspect", "--bogus", path.toString());
        assertEquals(ExitCodes.USAGE, unknownOption.status());
        assertEquals("shared-atomic inspect: Unknown option: '--bogus' (see 'shared-atomic inspect --help')", unknownOption.oneErrorLine());
        assertEquals(ExitCodes.USAGE, cli("get", path.toString()).status());
        assertEquals(ExitCodes.USAGE, cli("set", path.toString(), "orders.sent").status());
        assertEquals(ExitCodes.USAGE, cli("inspect", "--watch", "0", path.toString()).status());
        assertEquals(ExitCodes.USAGE, cli("inspect", "--watch", "1", "--count", "0", path.toString()).status());
        assertEquals(ExitCodes.USAGE, cli("inspect", "--count", "-5", path.toString()).status());
        // An argument the locale could not decode arrives with U+FFFD in it: refused, not looked up or written.
        final Run undecodable = cli("set", path.toString(), "venue", "n\uFFFD");
        assertEquals(ExitCodes.USAGE, undecodable.status());
        assertTrue(undecodable.oneErrorLine().startsWith("shared-atomic: an argument has bytes this locale"), undecodable.err());
        assertEquals(ExitCodes.USAGE, cli("serve", path.toString(), "--port", "0", "--bind", "").status());
        assertEquals(ExitCodes.USAGE, cli("serve", path.toString(), "--port", "0", "--bind", "999.1.1.1").status());
        assertEquals(ExitCodes.USAGE, cli("serve", path.toString()).status());
        assertEquals(ExitCodes.USAGE, cli("serve", path.toString(), "--port", "70000").status());
        assertEquals("42", value("orders.sent"));
    }

    @Test
    void shouldExplainEveryCommandWithHelp()
    {
        for (final String command : List.of("inspect", "get", "set", "serve", "cds-archive"))
        {
            for (final Run run : List.of(cli(command, "--help"), cli("help", command), cli(command, "-h")))
            {
                assertEquals(0, run.status(), command);
                assertEquals("", run.err());
                assertTrue(run.out().startsWith("Usage: shared-atomic " + command + " "), run.out());
                assertTrue(run.out().contains("\nExit status:\n  0    done\n  1    failed"), run.out());
                assertTrue(run.out().contains("\n  64   wrong command line\n"), run.out());
            }
        }
        final Run top = cli("--help");
        assertEquals(0, top.status());
        for (final String command : List.of("inspect", "get", "set", "serve", "cds-archive", "help"))
        {
            assertTrue(top.out().contains("\n  " + command + " "), top.out());
        }
        assertFalse(top.out().contains("train"), "the archive's training run is not a user's command");
        for (final Run version : List.of(cli("--version"), cli("get", "--version"), cli("serve", "-V")))
        {
            assertEquals(0, version.status());
            assertTrue(version.out().startsWith("shared-atomic "), version.out());
        }
    }
}
