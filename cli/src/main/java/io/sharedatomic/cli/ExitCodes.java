package io.sharedatomic.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit status of every {@code shared-atomic} command: scripts can tell a path that is no region from a name that
 * is absent from a value that does not fit. README's "Command line" lists the same table ({@code CliDocumentationTest}
 * checks).
 */
final class ExitCodes
{
    /** The command did what was asked. */
    static final int OK = 0;
    /** Anything else went wrong: the file cannot be read or written, the port is taken, the JVM lacks its flags. */
    static final int FAILED = 1;
    /** REGION is missing, not a file, or not a shared-atomic region (foreign, truncated, corrupt, a newer format). */
    static final int NOT_A_REGION = 2;
    /** The region has no entry of that name. */
    static final int NO_SUCH_ENTRY = 3;
    /** VALUE does not suit the entry: wrong type, does not parse, too long, cannot be encoded. */
    static final int BAD_VALUE = 4;
    /** {@code set --expect}: the entry held another value, so nothing was written. */
    static final int NOT_EXPECTED = 5;
    /** The command line itself is wrong: unknown option, missing argument (sysexits' EX_USAGE). */
    static final int USAGE = 64;

    private ExitCodes()
    {
    }

    /**
     * @return each code with its meaning, in the order {@code --help} shows them.
     */
    static Map<String, String> descriptions()
    {
        final Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "done");
        codes.put(Integer.toString(FAILED), "failed for another reason (the message says which)");
        codes.put(Integer.toString(NOT_A_REGION), "REGION is missing or not a shared-atomic region");
        codes.put(Integer.toString(NO_SUCH_ENTRY), "the region has no entry NAME");
        codes.put(Integer.toString(BAD_VALUE), "VALUE does not suit the entry's type or size");
        codes.put(Integer.toString(NOT_EXPECTED), "set --expect: the entry held another value; nothing written");
        codes.put(Integer.toString(USAGE), "wrong command line");
        return codes;
    }
}
