package io.sharedatomic.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start is the tagged part of {@link QuickStart}, which compiles and runs here.
 */
class ReadmeSnippetTest
{
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "io", "sharedatomic", "examples", "QuickStart.java");

    @Test
    void shouldShowTheCompiledQuickStartInTheReadme() throws Exception
    {
        final String source = Files.readString(SOURCE);
        final String tagged = source.substring(source.indexOf("// tag::quickstart[]\n") + "// tag::quickstart[]\n".length(),
            source.indexOf("// end::quickstart[]"));
        final String readme = Files.readString(README);
        final String block = readme.substring(readme.indexOf("<!-- snippet:quickstart -->"));
        final String snippet = block.substring(block.indexOf("```java\n") + "```java\n".length(), block.indexOf("```\n", 10));

        // stripTrailing first: stripIndent counts a blank last line as having no indentation.
        assertEquals(tagged.stripTrailing().stripIndent().strip(), snippet.strip());
    }

    @Test
    void shouldRunTheQuickStart(@TempDir final Path directory) throws Exception
    {
        final Path path = directory.resolve("quick-start.region");
        final PrintStream original = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            QuickStart.main(new String[]{path.toString()});
            QuickStart.main(new String[]{path.toString()});
        }
        finally
        {
            System.setOut(original);
        }
        assertEquals("sending order 1 from slot 0\nsending order 2 from slot 0\n", out.toString(StandardCharsets.UTF_8));
    }
}
