package io.sharedatomic.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain JVM whose class path holds only our jars and their declared dependencies (no logging provider), started with
 * README's flags and running the Quick start, prints what the Quick start prints and nothing else: no SLF4J
 * announcement, no Chronicle line, no JVM warning. The build runs it on every JDK it runs on (17 and 25 in CI).
 */
class QuietStartTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldPrintOnlyWhatTheQuickStartPrints() throws Exception
    {
        final String libraryClassPath = System.getProperty("library.class.path");
        assertNotNull(libraryClassPath, "the examples pom passes library.class.path");
        // Our modules are jars, or their target/classes when Maven resolves them inside one reactor run.
        assertTrue(libraryClassPath.contains("shared-atomic-core") || libraryClassPath.contains("/core/target/classes"), libraryClassPath);
        assertTrue(libraryClassPath.contains("shared-atomic-collections") || libraryClassPath.contains("/collections/target/classes"),
            libraryClassPath);
        for (final String wanted : List.of("chronicle-core", "chronicle-bytes", "slf4j-api"))
        {
            assertTrue(libraryClassPath.contains(wanted), wanted + " in " + libraryClassPath);
        }
        for (final String unwanted : List.of("slf4j-simple", "affinity", "jna", "junit", "testkit", "posix", "jnr"))
        {
            assertFalse(libraryClassPath.contains(unwanted), unwanted + " in " + libraryClassPath);
        }

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("shared.atomic.jvm.args").strip().split("\\s+")));
        command.add("-cp");
        command.add(Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + libraryClassPath);
        command.add(QuickStart.class.getName());
        command.add(tempDir.resolve("quiet.region").toString());
        final Process process = new ProcessBuilder(command).start();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the Quick start ends");
        final String stdout = new String(out, StandardCharsets.UTF_8);
        final String stderr = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), stderr);
        assertEquals("", stderr, "stderr of " + String.join(" ", command));
        assertEquals("sending order 1 from slot 0" + System.lineSeparator(), stdout);
    }
}
