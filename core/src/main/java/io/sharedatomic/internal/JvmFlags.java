package io.sharedatomic.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags Chronicle needs to map a file, checked before any Chronicle class is initialised. Without them
 * Chronicle fails deep inside its own code ({@code AssertionError: ... member is private: sun.nio.ch.FileChannelImpl.map0}
 * on Java 17, {@code class is not public} after eight warnings on Java 25) with no word of what to add; this check
 * throws one exception that lists the exact flags for the running JDK instead.
 *
 * <p>Which are required: Chronicle maps through a private JDK method that it reaches by reflection, so
 * {@code java.lang.reflect} must be open and {@code sun.nio.ch} exported to the module Chronicle Core is in
 * ({@code ALL-UNNAMED} on the class path). The others only keep the JVM quiet: without
 * {@code jdk.internal.ref} Chronicle writes a {@code java.util.logging} warning to stderr, without
 * {@code jdk.internal.util} it logs at debug level, and from Java 24 the JVM warns on the first
 * {@code sun.misc.Unsafe} memory access unless {@code --sun-misc-unsafe-memory-access=allow}.
 */
public final class JvmFlags
{
    /** Where README.md lists them. */
    public static final String README_SECTION = "README.md, section \"JVM flags\"";
    /** The file that holds them, for {@code java @shared-atomic.args}. */
    public static final String ARGUMENT_FILE = "shared-atomic.args";

    private static final String CHRONICLE_CLASS = "net.openhft.chronicle.core.OS";
    private static volatile boolean checked;

    private JvmFlags()
    {
    }

    /**
     * Throws unless this JVM has the flags Chronicle needs; after the first success, one volatile read.
     *
     * @throws IllegalStateException naming every flag, if a required one is missing.
     */
    public static void check()
    {
        if (checked)
        {
            return;
        }
        final Module chronicle = chronicleModule();
        final List<String> missing = missingRequired(chronicle);
        if (!missing.isEmpty())
        {
            throw new IllegalStateException("shared-atomic cannot map a region: this JVM (Java " + Runtime.version() +
                ") was started without " + String.join(" ", missing) + ". Chronicle maps files through JDK internals, and a " +
                "library jar cannot open them. Start the JVM with these flags (" + README_SECTION + "): " +
                String.join(" ", all(chronicle)) + "; for example `java @" + ARGUMENT_FILE + " ...`, or in JDK_JAVA_OPTIONS, " +
                "or in surefire's argLine");
        }
        checked = true;
    }

    /**
     * @param chronicle the module Chronicle Core is in.
     * @return the required flags this JVM lacks for it, in the form to add them.
     */
    static List<String> missingRequired(final Module chronicle)
    {
        final Module base = Object.class.getModule();
        final String target = target(chronicle);
        final List<String> missing = new ArrayList<>();
        if (!base.isOpen("java.lang.reflect", chronicle))
        {
            missing.add("--add-opens=java.base/java.lang.reflect=" + target);
        }
        if (!base.isExported("sun.nio.ch", chronicle))
        {
            missing.add("--add-exports=java.base/sun.nio.ch=" + target);
        }
        return missing;
    }

    /**
     * @param chronicle the module Chronicle Core is in.
     * @return every flag for the running JDK: the required ones, then those that keep it quiet.
     */
    static List<String> all(final Module chronicle)
    {
        final String target = target(chronicle);
        final List<String> flags = new ArrayList<>(List.of(
            "--add-opens=java.base/java.lang.reflect=" + target,
            "--add-exports=java.base/sun.nio.ch=" + target,
            "--add-exports=java.base/jdk.internal.ref=" + target,
            "--add-exports=java.base/jdk.internal.util=" + target));
        if (Runtime.version().feature() >= 24)
        {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        flags.add("-Dchronicle.analytics.disable=true");
        flags.add("-Ddisable.perf.info=true");
        return flags;
    }

    private static String target(final Module module)
    {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }

    /**
     * Loads Chronicle's {@code OS} without initialising it: its initialiser is what fails without the flags.
     */
    private static Module chronicleModule()
    {
        try
        {
            return Class.forName(CHRONICLE_CLASS, false, JvmFlags.class.getClassLoader()).getModule();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("Chronicle Core (" + CHRONICLE_CLASS + ") is not on the class path: shared-atomic-core " +
                "depends on net.openhft:chronicle-core; keep it among the application's dependencies", ex);
        }
    }
}
