package io.sharedatomic.cli;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.sharedatomic.BytesValue;
import io.sharedatomic.SharedBoolean;
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
 * Writes one existing entry atomically (an operator flips a kill switch from a shell) and prints what it replaced.
 * It never creates an entry: the type and shape are the program's to choose.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Writes VALUE into an existing entry in one atomic step and prints NAME: OLD -> NEW.",
        "VALUE is read as the entry's type: a long or unsigned long in decimal, a double, true or false, text for a " +
        "string (in the entry's charset), hex for bytes (0a1b...). Arrays and bitsets are not set this way."})
final class SetCommand implements Callable<Integer>
{
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

    @Override
    public Integer call()
    {
        try (SharedRegion region = Regions.attach(path, false))
        {
            final SharedValue handle = handle(region);
            final String before = expected == null ? swap(handle) : compareAndSwap(handle);
            spec.commandLine().getOut().println(name + ": " + before + " -> " + handle);
        }
        return ExitCodes.OK;
    }

    private SharedValue handle(final SharedRegion region)
    {
        try
        {
            return region.find(name).orElseThrow(() -> Regions.noSuchEntry(path, name));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CliException(ExitCodes.NO_SUCH_ENTRY, "no entry '" + name + "' in " + path + ": " + ex.getMessage());
        }
    }

    /** Writes the value with the handle's getAndSet: returns the value it replaced, as text. */
    private String swap(final SharedValue handle)
    {
        try
        {
            if (handle instanceof SharedLong number)
            {
                return Long.toString(number.getAndSet(parseLong(value)));
            }
            if (handle instanceof SharedULong number)
            {
                return Long.toUnsignedString(number.getAndSet(parseUnsignedLong(value)));
            }
            if (handle instanceof SharedDouble number)
            {
                return Double.toString(number.getAndSet(parseDouble(value)));
            }
            if (handle instanceof SharedBoolean flag)
            {
                return Boolean.toString(flag.getAndSet(parseBoolean(value)));
            }
            if (handle instanceof BytesValue bytes)
            {
                return HexFormat.of().formatHex(bytes.getAndSet(parseHex(value)));
            }
            if (handle instanceof StringValue text)
            {
                return text.getAndSet(value);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw badValue(handle, ex);
        }
        throw notSettable(handle);
    }

    /** Writes the value with the handle's compareAndSet: returns the value it replaced (the expected one). */
    private String compareAndSwap(final SharedValue handle)
    {
        final boolean written;
        try
        {
            if (handle instanceof SharedLong number)
            {
                written = number.compareAndSet(parseLong(expected), parseLong(value));
            }
            else if (handle instanceof SharedULong number)
            {
                written = number.compareAndSet(parseUnsignedLong(expected), parseUnsignedLong(value));
            }
            else if (handle instanceof SharedDouble number)
            {
                written = number.compareAndSet(parseDouble(expected), parseDouble(value));
            }
            else if (handle instanceof SharedBoolean flag)
            {
                written = flag.compareAndSet(parseBoolean(expected), parseBoolean(value));
            }
            else if (handle instanceof BytesValue bytes)
            {
                written = bytes.compareAndSet(parseHex(expected), parseHex(value));
            }
            else if (handle instanceof StringValue text)
            {
                written = text.compareAndSet(expected, value);
            }
            else
            {
                throw notSettable(handle);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw badValue(handle, ex);
        }
        if (!written)
        {
            throw new CliException(ExitCodes.NOT_EXPECTED, "'" + name + "' holds " + handle + ", not " + expected + "; nothing written");
        }
        return handle instanceof BytesValue ? expected.toLowerCase(Locale.ROOT) : expected;
    }

    private CliException badValue(final SharedValue handle, final IllegalArgumentException ex)
    {
        return new CliException(ExitCodes.BAD_VALUE, "'" + name + "' is " + describe(handle) + ": " + ex.getMessage());
    }

    private CliException notSettable(final SharedValue handle)
    {
        return new CliException(ExitCodes.BAD_VALUE, "'" + name + "' is " + describe(handle) +
            ", which set does not write: it writes numbers, booleans, strings and bytes");
    }

    private static String describe(final SharedValue handle)
    {
        return "a " + handle.getClass().getSimpleName();
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not a long (a decimal integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
    }

    private static long parseUnsignedLong(final String text)
    {
        try
        {
            return Long.parseUnsignedLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not an unsigned long (a decimal integer from 0 to " +
                Long.toUnsignedString(-1) + ")");
        }
    }

    private static double parseDouble(final String text)
    {
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not a double (such as 101.25, -1e-3, NaN or Infinity)");
        }
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
