package io.sharedatomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without the flags gets one exception that lists them for the running JDK and names README's section,
 * before Chronicle is touched (not Chronicle's {@code AssertionError} about {@code map0}); the two flags called required
 * are all that mapping needs.
 */
class JvmFlagsChildTest
{
    private static final String OPENS = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    private static final String EXPORTS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    @TempDir
    Path tempDir;

    @Test
    void shouldNameEveryMissingFlagWhenStartedWithoutThem() throws Exception
    {
        final Result result = run(List.of(), tempDir.resolve("none.region"));
        assertNotEquals(0, result.exit, result.toString());
        assertTrue(result.stderr.contains("java.lang.IllegalStateException: shared-atomic cannot map a region: this JVM (Java " +
            Runtime.version() + ") was started without " + OPENS + " " + EXPORTS + "."), result.toString());
        assertTrue(result.stderr.contains("README.md, section \"JVM flags\""), result.toString());
        assertTrue(result.stderr.contains("java @shared-atomic.args"), result.toString());
        assertFalse(result.stderr.contains("AssertionError") || result.stderr.contains("net.openhft"), result.toString());
        assertFalse(Files.exists(tempDir.resolve("none.region")), "nothing was created");
    }

    @Test
    void shouldNameTheOneMissingFlag() throws Exception
    {
        final Result result = run(List.of(OPENS), tempDir.resolve("one.region"));
        assertNotEquals(0, result.exit, result.toString());
        assertTrue(result.stderr.contains("was started without " + EXPORTS + "."), result.toString());
    }

    @Test
    void shouldMapWithTheTwoRequiredFlagsAlone() throws Exception
    {
        final Path path = tempDir.resolve("required.region");
        final Result first = run(List.of(OPENS, EXPORTS), path);
        assertEquals(0, first.exit, first.toString());
        assertEquals("0", first.stdout.strip(), first.toString());
        final Result second = run(List.of(OPENS, EXPORTS), path);
        assertEquals("1", second.stdout.strip(), second.toString());
    }

    private static Result run(final List<String> flags, final Path region) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        // Java 24+ would warn about sun.misc.Unsafe on its own; that is not what these runs look at.
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FlagsChildMain.class.getName());
        command.add(region.toString());
        final Process process = new ProcessBuilder(command).start();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the child did not exit within 60 s: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String stdout, String stderr)
    {
    }
}
