package com.example.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderDeskTest
{
    @TempDir
    Path directory;

    @Test
    void twoDesksOnOneFileShareIdsSlotsAndTheKillSwitch()
    {
        Path path = directory.resolve("desk.region");
        try (OrderDesk first = new OrderDesk(path); OrderDesk second = new OrderDesk(path))
        {
            assertEquals(1, first.send());
            assertEquals(2, second.send());
            long slot = first.claimSlot();
            assertNotEquals(slot, second.claimSlot());
            assertTrue(second.trip());
            assertFalse(first.trip());
            assertEquals(-1, first.send());
        }
    }

    @Test
    void anotherJvmSeesTheSameCounter() throws Exception
    {
        Path path = directory.resolve("shared.region");
        try (OrderDesk desk = new OrderDesk(path))
        {
            assertEquals(1, desk.send());
            // A second JVM, started as the exec plugin starts the desk: same flags, this class path.
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("-XX:") || arg.startsWith("--sun-"))
                .toList());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(OrderDesk.class.getName());
            command.add(path.toString());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes()).trim();
            assertEquals(0, child.waitFor(), output);
            assertEquals("slot 0 sent order 2", output);
            assertEquals(3, desk.send());
        }
    }
}
