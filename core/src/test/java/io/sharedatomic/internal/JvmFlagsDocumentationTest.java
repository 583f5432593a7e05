package io.sharedatomic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The JVM flags are written in four places a user reads or copies: the parent pom's {@code shared.atomic.jvm.args}
 * (which every JVM of the build uses), {@code shared-atomic.args}, README's "JVM flags" block, and the consumer
 * example's pom. They must be one list; and {@link JvmFlags}, which names them in its exception, must ask for nothing
 * they lack.
 */
class JvmFlagsDocumentationTest
{
    private static final Path ROOT = Path.of("..");

    @Test
    void shouldListTheSameFlagsEverywhere() throws IOException
    {
        final String property = System.getProperty("shared.atomic.jvm.args");
        assertNotNull(property, "surefire passes the parent pom's shared.atomic.jvm.args as a system property");
        final List<String> flags = split(property);

        final List<String> argumentFile = Files.readAllLines(ROOT.resolve(JvmFlags.ARGUMENT_FILE)).stream()
            .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toList());
        assertEquals(flags, argumentFile, JvmFlags.ARGUMENT_FILE + " against the pom's shared.atomic.jvm.args");

        final String readme = Files.readString(ROOT.resolve("README.md"));
        final String section = readme.substring(readme.indexOf("<!-- jvm-flags -->"));
        final String block = section.substring(section.indexOf("```\n") + 4, section.indexOf("```", section.indexOf("```\n") + 4));
        assertEquals(flags, split(block), "README's jvm-flags block against the pom's shared.atomic.jvm.args");

        final Matcher consumer = Pattern.compile("<shared\\.atomic\\.jvm\\.args>(.*)</shared\\.atomic\\.jvm\\.args>")
            .matcher(Files.readString(ROOT.resolve("examples/consumer/pom.xml")));
        assertTrue(consumer.find(), "examples/consumer/pom.xml defines shared.atomic.jvm.args");
        assertEquals(flags, split(consumer.group(1)), "the consumer example's flags against the pom's");
    }

    @Test
    void shouldAskOnlyForFlagsTheListHasAndFindNoneMissingHere()
    {
        final Module unnamed = JvmFlagsDocumentationTest.class.getModule();
        final List<String> flags = split(System.getProperty("shared.atomic.jvm.args"));
        for (final String flag : JvmFlags.all(unnamed))
        {
            assertTrue(flags.contains(flag), flag + " is in the exception's list for Java " + Runtime.version().feature() +
                " but not in shared.atomic.jvm.args");
        }
        assertEquals(List.of(), JvmFlags.missingRequired(unnamed), "this test JVM runs with the flags");
        JvmFlags.check();
    }

    private static List<String> split(final String flags)
    {
        return Arrays.stream(flags.strip().split("\\s+")).collect(Collectors.toList());
    }
}
