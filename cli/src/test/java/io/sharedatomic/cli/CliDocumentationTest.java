package io.sharedatomic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * README's "Command line" says what the command does: its exit status table is {@link ExitCodes}, and its command
 * table names every command {@code --help} lists.
 */
class CliDocumentationTest
{
    private static List<String> readme() throws Exception
    {
        return Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDocumentTheExitStatusTheCommandsReturn() throws Exception
    {
        final List<String> lines = readme();
        final int marker = lines.indexOf("<!-- exit-codes -->");
        assertTrue(marker >= 0, "README has no <!-- exit-codes --> table");
        assertEquals("| status | meaning |", lines.get(marker + 1));
        final Map<String, String> documented = new LinkedHashMap<>();
        for (int i = marker + 3; i < lines.size() && lines.get(i).startsWith("|"); i++)
        {
            final String[] cells = lines.get(i).split("\\|");
            documented.put(cells[1].strip(), cells[2].strip());
        }
        assertEquals(ExitCodes.descriptions(), documented);
    }

    @Test
    void shouldDocumentEveryCommand() throws Exception
    {
        final String readme = String.join("\n", readme());
        final String help = CliTest.cli("--help").out();
        for (final String command : List.of("inspect", "get", "set", "serve", "cds-archive"))
        {
            assertTrue(help.contains("\n  " + command + " "), command + " is in --help");
            assertTrue(readme.contains("\n| `" + command), command + " has a row in README's command table");
        }
    }
}
