package io.sharedatomic.cli;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.sharedatomic.BytesValue;
import io.sharedatomic.SharedBoolean;
import io.sharedatomic.SharedBytes;
import io.sharedatomic.SharedDouble;
import io.sharedatomic.SharedLong;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.SharedULong;
import io.sharedatomic.SharedValue;
import io.sharedatomic.StringValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes one existing entry atomically (an operator flips a kill switch from a shell) and prints what it replaced and
 * what it wrote, both as this command saw them, never read again (another process may write in between). It never
 * creates an entry: the type and shape are the program's to choose.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Writes VALUE into an existing entry in one atomic step and prints NAME: OLD -> NEW.",
        "VALUE is read as the entry's type, strictly: a long or unsigned long in decimal digits, a double (101.25, " +
        "-1e-3, NaN, Infinity), true or false, text for a string (in the entry's charset), hex for bytes (0a1b...). " +
        "Arrays, bitsets, sets and lists are not set this way."})
final class SetCommand implements Callable<Integer>
{
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(NaN|Infinity|([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|" +
        "0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)");
    private static final Pattern NONZERO_MANTISSA = Pattern.compile("^[+-]?(0[xX])?[0-9a-fA-F.]*[1-9a-fA-F]");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGION", description = "The region file.")
    private Path path;

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry name.")
    private String name;

    @Parameters(index = "2", paramLabel = "VALUE", description = "The new value.")
    private String value;

    @Option(names = "--expect", paramLabel = "OLD",
        description = "Write only if the entry holds OLD now (compare-and-set); otherwise write nothing and exit 5.")
    private String expected;

    /** What was there and what went in, as text. */
    private record Change(String before, String after)
    {
    }

    @Override
    public Integer call()
    {
        final Change change;
        try (SharedRegion region = Regions.attach(path, false))
        {
            final SharedValue handle = handle(region);
            try
            {
                change = expected == null ? swap(handle) : compareAndSwap(handle);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CliException(ExitCodes.BAD_VALUE, "'" + name + "' is " + describe(handle) + ": " + ex.getMessage());
            }
        }
        final var out = spec.commandLine().getOut();
        out.println(name + ": " + change.before() + " -> " + change.after());
        out.flush();
        if (out.checkError())
        {
            throw new CliException(ExitCodes.FAILED, "the value was written, but stdout could not be: '" + name + "' is now " + change.after());
        }
        return ExitCodes.OK;
    }

    private SharedValue handle(final SharedRegion region)
    {
        final SharedValue handle;
        try
        {
            handle = region.find(name).orElseThrow(() -> Regions.noSuchEntry(path, name));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CliException(ExitCodes.NO_SUCH_ENTRY, "no entry '" + name + "' in " + path + ": " + ex.getMessage());
        }
        final boolean structure = handle instanceof BytesValue bytes && !bytes.format().isEmpty();
        if (structure || !(handle instanceof SharedLong || handle instanceof SharedULong || handle instanceof SharedDouble ||
            handle instanceof SharedBoolean || handle instanceof BytesValue || handle instanceof StringValue))
        {
            throw new CliException(ExitCodes.BAD_VALUE, "'" + name + "' is " + describe(handle) +
                ", which set does not write: it writes numbers, booleans, strings and plain bytes");
        }
        return handle;
    }

    /** Writes the value with the handle's getAndSet. */
    private Change swap(final SharedValue handle)
    {
        if (handle instanceof SharedLong number)
        {
            final long update = parseLong(value);
            return new Change(Long.toString(number.getAndSet(update)), Long.toString(update));
        }
        if (handle instanceof SharedULong number)
        {
            final long update = parseUnsignedLong(value);
            return new Change(Long.toUnsignedString(number.getAndSet(update)), Long.toUnsignedString(update));
        }
        if (handle instanceof SharedDouble number)
        {
            final double update = parseDouble(value);
            return new Change(Double.toString(number.getAndSet(update)), Double.toString(update));
        }
        if (handle instanceof SharedBoolean flag)
        {
            final boolean update = parseBoolean(value);
            return new Change(Boolean.toString(flag.getAndSet(update)), Boolean.toString(update));
        }
        if (handle instanceof BytesValue bytes)
        {
            final byte[] update = parseHex(value);
            return new Change(HexFormat.of().formatHex(bytes.getAndSet(update)), stored(bytes, update));
        }
        final StringValue text = (StringValue)handle;
        return new Change(text.getAndSet(value), value);
    }

    /** Writes the value with the handle's compareAndSet; the value replaced is the expected one. */
    private Change compareAndSwap(final SharedValue handle)
    {
        final boolean written;
        final Change change;
        if (handle instanceof SharedLong number)
        {
            final long old = parseLong(expected);
            final long update = parseLong(value);
            written = number.compareAndSet(old, update);
            change = new Change(Long.toString(old), Long.toString(update));
        }
        else if (handle instanceof SharedULong number)
        {
            final long old = parseUnsignedLong(expected);
            final long update = parseUnsignedLong(value);
            written = number.compareAndSet(old, update);
            change = new Change(Long.toUnsignedString(old), Long.toUnsignedString(update));
        }
        else if (handle instanceof SharedDouble number)
        {
            final double parsed = parseDouble(expected);
            final double update = parseDouble(value);
            // compareAndSet compares bits, and NaN has many: "NaN" means whichever NaN is there (0.0 / 0.0 is not the NaN
            // Double.parseDouble returns).
            final double current = number.get();
            final double old = Double.isNaN(parsed) && Double.isNaN(current) ? current : parsed;
            written = number.compareAndSet(old, update);
            change = new Change(Double.toString(old), Double.toString(update));
        }
        else if (handle instanceof SharedBoolean flag)
        {
            final boolean old = parseBoolean(expected);
            final boolean update = parseBoolean(value);
            written = flag.compareAndSet(old, update);
            change = new Change(Boolean.toString(old), Boolean.toString(update));
        }
        else if (handle instanceof BytesValue bytes)
        {
            final byte[] old = parseHex(expected);
            final byte[] update = parseHex(value);
            written = bytes.compareAndSet(old, update);
            change = new Change(stored(bytes, old), stored(bytes, update));
        }
        else
        {
            written = ((StringValue)handle).compareAndSet(expected, value);
            change = new Change(expected, value);
        }
        if (!written)
        {
            throw new CliException(ExitCodes.NOT_EXPECTED, "'" + name + "' holds " + handle + ", not " + change.before() + "; nothing written");
        }
        return change;
    }

    /** Bytes as the value holds them: a one-word value is a big-endian number of its full width. */
    private static String stored(final BytesValue value, final byte[] bytes)
    {
        final String hex = HexFormat.of().formatHex(bytes);
        return value instanceof SharedBytes word ? "00".repeat(Math.max(0, word.capacity() - bytes.length)) + hex : hex;
    }

    private static String describe(final SharedValue handle)
    {
        return handle instanceof BytesValue bytes && !bytes.format().isEmpty() ? "the storage of a data structure (format '" +
            bytes.format() + "')" : "a " + handle.getClass().getSimpleName();
    }

    private static long parseLong(final String text)
    {
        try
        {
            if (INTEGER.matcher(text).matches())
            {
                return Long.parseLong(text);
            }
        }
        catch (final NumberFormatException ex)
        {
            // Out of range: refused below.
        }
        throw new IllegalArgumentException("'" + text + "' is not a long (decimal digits, from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }

    private static long parseUnsignedLong(final String text)
    {
        try
        {
            if (INTEGER.matcher(text).matches() && text.charAt(0) != '-')
            {
                return Long.parseUnsignedLong(text);
            }
        }
        catch (final NumberFormatException ex)
        {
            // Out of range: refused below.
        }
        throw new IllegalArgumentException("'" + text + "' is not an unsigned long (decimal digits, from 0 to " + Long.toUnsignedString(-1) + ")");
    }

    private static double parseDouble(final String text)
    {
        if (!DOUBLE.matcher(text).matches())
        {
            throw new IllegalArgumentException("'" + text + "' is not a double (such as 101.25, -1e-3, 0x1.8p1, NaN or Infinity)");
        }
        final double parsed = Double.parseDouble(text);
        // Double.parseDouble rounds what does not fit to Infinity or to 0: a value the user did not write.
        if (Double.isInfinite(parsed) && !text.contains("Infinity") || parsed == 0 && NONZERO_MANTISSA.matcher(mantissa(text)).find())
        {
            throw new IllegalArgumentException("'" + text + "' is outside the range of a double (" + Double.MIN_VALUE + " to " + Double.MAX_VALUE + ")");
        }
        return parsed;
    }

    private static String mantissa(final String text)
    {
        return text.replaceFirst(text.matches("[+-]?0[xX].*") ? "[pP].*" : "[eE].*", "");
    }

    private static boolean parseBoolean(final String text)
    {
        // Strict: Boolean.parseBoolean would read a typo as false, and an operator's "ture" would lift a kill switch.
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean (true or false)");
        };
    }

    private static byte[] parseHex(final String text)
    {
        try
        {
            return HexFormat.of().parseHex(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not bytes in hex (two digits a byte, such as 0a1b2c)");
        }
    }
}
